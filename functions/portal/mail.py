"""Email through Amazon SES, as raw MIME so invites (.ics) can ride along.

The local stack points SES at a moto server and shows every message at /_dev/mail.
"""
from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid

from portal import aws, catalog
from portal.settings import settings


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mime_type: str  # e.g. "text/calendar; method=REQUEST"


def build_message(to: str | list[str], subject: str, text: str, *, html: str | None = None,
                  attachments: tuple[Attachment, ...] = (), reply_to: str | None = None) -> EmailMessage:
    message = EmailMessage()
    message["From"] = formataddr((catalog.brand().practice_name, settings().mail_from))
    message["To"] = ", ".join([to] if isinstance(to, str) else to)
    message["Subject"] = subject
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain=settings().mail_from.split("@")[-1])
    if reply_to:
        message["Reply-To"] = reply_to
    message.set_content(text)
    if html:
        message.add_alternative(html, subtype="html")
    for item in attachments:
        maintype, _, rest = item.mime_type.partition("/")
        subtype, *params = [p.strip() for p in rest.split(";")]
        extra = dict(p.split("=", 1) for p in params if "=" in p)
        message.add_attachment(item.content, maintype=maintype, subtype=subtype,
                               filename=item.filename, params=extra)
    return message


def send(to: str | list[str], subject: str, text: str, **kwargs) -> str:
    """Sends one email; returns SES's message id."""
    message = build_message(to, subject, text, **kwargs)
    destinations = [to] if isinstance(to, str) else list(to)
    answer = aws.client("ses").send_raw_email(
        Source=settings().mail_from, Destinations=destinations,
        RawMessage={"Data": message.as_bytes()},
    )
    return answer["MessageId"]


def notify_assistant(subject: str, text: str, **kwargs) -> str:
    return send(settings().assistant_email, subject, text, **kwargs)
