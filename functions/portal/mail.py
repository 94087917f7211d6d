"""Email through Amazon SES, as raw MIME so invites (.ics) can ride along.

Emails are rendered as `Draft`s and sent by the outbox (portal.outbox), never inside a request.
Anything a visitor typed that reaches a header (a name in a subject) goes through `header_text`,
so no line break of any kind can end a header. The local stack points SES at a moto server and
shows every message at /_dev/mail.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from typing import Any

from portal import addresses, aws, catalog
from portal.settings import settings

# Every character Python or a mail program may treat as a line end (str.splitlines' set).
_LINE_BREAKS = re.compile(r"[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def header_text(value: str, limit: int = 200) -> str:
    """`value` made safe for a header: line breaks and control characters become spaces."""
    return _CONTROL.sub("", _LINE_BREAKS.sub(" ", value)).strip()[:limit]


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mime_type: str  # e.g. "text/calendar; method=REQUEST"


@dataclass(frozen=True)
class Draft:
    """One email, ready to send: rendered by a capability, sent by the outbox."""

    to: str
    subject: str
    text: str
    attachments: tuple[Attachment, ...] = field(default=())
    reply_to: str | None = None


def build_message(
    to: str | list[str],
    subject: str,
    text: str,
    *,
    html: str | None = None,
    attachments: tuple[Attachment, ...] = (),
    reply_to: str | None = None,
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = formataddr((header_text(catalog.brand().practice_name), settings().mail_from))
    message["To"] = ", ".join(header_text(address) for address in ([to] if isinstance(to, str) else to))
    message["Subject"] = header_text(subject, 250)
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain=settings().mail_from.split("@")[-1])
    if reply_to:
        message["Reply-To"] = header_text(reply_to)
    message.set_content(text)
    if html:
        message.add_alternative(html, subtype="html")
    for item in attachments:
        maintype, _, rest = item.mime_type.partition("/")
        subtype, *params = [p.strip() for p in rest.split(";")]
        extra = dict(p.split("=", 1) for p in params if "=" in p)
        message.add_attachment(
            item.content, maintype=maintype, subtype=subtype, filename=item.filename, params=extra
        )
    return message


def send(to: str | list[str], subject: str, text: str, **kwargs: Any) -> str:
    """Sends one email now; returns SES's message id. Only the outbox calls this."""
    message = build_message(to, subject, text, **kwargs)
    destinations = [to] if isinstance(to, str) else list(to)
    answer = aws.client("ses").send_raw_email(
        Source=settings().mail_from,
        Destinations=destinations,
        RawMessage={"Data": message.as_bytes()},
    )
    return str(answer["MessageId"])


def send_draft(draft: Draft) -> str:
    return send(draft.to, draft.subject, draft.text, attachments=draft.attachments, reply_to=draft.reply_to)


def within_daily_cap(to: str, now: float | None = None) -> bool:
    """Counts one email to `to` today; False once the day's cap is used up (the assistant has no
    cap). Stops the portal being used to flood someone's inbox from the practice's address."""
    from pynamodb.exceptions import UpdateError

    from portal import errors
    from portal.models.ratelimits import RateLimit

    current = settings()
    if to.strip().lower() == current.assistant_email.strip().lower():
        return True
    now = time.time() if now is None else now
    expires = datetime.fromtimestamp(now, UTC) + timedelta(days=2)
    day = time.strftime("%Y-%m-%d", time.gmtime(now))
    who = addresses.fingerprint(to)
    try:
        RateLimit(f"mail#{who}#{day}").update(
            actions=[RateLimit.requests.add(1), RateLimit.expires_at.set(expires)],
            condition=RateLimit.requests.does_not_exist() | (RateLimit.requests < current.mail_daily_cap),
        )
    except UpdateError as error:
        if errors.condition_failed(error):
            return False
        raise
    return True
