"""The booking emails, rendered by the outbox from the stored booking when they are delivered:
the booker's (times in their zone and words in their language, with the .ics, where the call
happens and the manage link) and the assistant's (times in the home zone, words in the practice's
default language). The booker's emails carry no text the visitor typed (anyone can book with any
address) but the phone number they gave, checked to be one: only the practice's words, the time,
the place and the link. The manage link is rebuilt from the booking's link reference
(portal.links), so no table holds it. A booking that is gone (erased) renders to nothing."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from portal import catalog, formats, language, mail
from portal.bookings import invites, views
from portal.bookings.rules import rules
from portal.bookings.words import say
from portal.settings import settings

if TYPE_CHECKING:
    from portal.models.bookings import Booking


def when(start: datetime, end: datetime, zone_name: str, language_code: str = "en") -> str:
    """ "Tuesday, December 1, 2026, 10:00-10:30 (America/New_York, UTC-05:00)" (portal.formats)."""
    return formats.when(start, end, zone_name, language_code)


def booker_language(booking: Booking) -> str:
    """The language the booker used; the default for a booking made before languages were stored."""
    return language.known(getattr(booking, "language", None))


def _booking(params: dict[str, Any]) -> Booking | None:
    """The stored booking; None when it is gone, or hand-edited into times nobody can read (logged)."""
    from portal.models.bookings import UNREADABLE, Booking, span, unreadable

    try:
        booking = Booking.get(params["booking_id"], consistent_read=True)
    except Booking.DoesNotExist:
        return None
    except UNREADABLE as error:
        unreadable(params["booking_id"], f"attributes: {type(error).__name__}")
        return None
    return booking if span(booking) is not None else None


def _invite(booking: Booking, method: str, for_assistant: bool = False) -> mail.Attachment:
    brand = catalog.brand()
    code = language.default() if for_assistant else booker_language(booking)
    where = views.location(booking)
    if where["kind"] == "phone":
        phone = where["phone"] or "-"
        key = "invite.phone.assistant" if for_assistant else "invite.phone"
        description = say(key, code, assistant=brand.assistant_name, name=booking.name, phone=phone)
        place: str | None = say("invite.location.phone", code, phone=phone)
        url = None
    else:
        description = say("invite.video", code, url=where["url"])
        place = url = where["url"]
    content = invites.build(
        invites.Invite(
            booking_id=booking.id,
            sequence=int(booking.sequence),
            start=booking.start,
            end=booking.end,
            summary=say("invite.summary", code, assistant=brand.assistant_name, practice=brand.practice_name),
            description=description,
            organizer_email=settings().mail_from,
            organizer_name=brand.assistant_name,
            attendee_email=booking.email,
            attendee_name=booking.name if for_assistant else None,
            location=place,
            url=url,
            language=code,
        ),
        method,
    )
    name = "cancel.ics" if method == "CANCEL" else "invite.ics"
    return mail.Attachment(name, content, f"text/calendar; method={method}; charset=UTF-8")


def _signature() -> str:
    brand = catalog.brand()
    return f"{brand.assistant_name}\n{brand.practice_name}\n"


def _where(booking: Booking, code: str) -> str:
    where = views.location(booking)
    if where["kind"] == "phone":
        return say("where.phone", code, assistant=catalog.brand().assistant_name, phone=where["phone"] or "-")
    return say("where.video", code, url=where["url"])


def _manage_lines(booking: Booking, code: str) -> str:
    from portal.bookings import service

    link = service.manage_url_of(booking)
    if not link:
        return ""
    return f"{say('manage', code)}\n{link}\n\n"


def _letter(booking: Booking, code: str, body: str, *after: str) -> str:
    """The booker's email: the greeting, `body`, the call's time and place, `after`, the manage link."""
    lines = "".join(f"{line}\n" for line in after)
    return (
        f"{say('hello', code)}\n\n{body}\n\n"
        f"    {when(booking.start, booking.end, booking.timezone, code)}\n\n"
        f"{_where(booking, code)}\n{lines}\n"
        f"{_manage_lines(booking, code)}{_signature()}"
    )


def confirmed(params: dict[str, Any]) -> mail.Draft | None:
    booking = _booking(params)
    if booking is None:
        return None
    code, assistant = booker_language(booking), catalog.brand().assistant_name
    text = _letter(
        booking, code, say("confirmed.body", code, assistant=assistant), say("confirmed.invite", code)
    )
    return mail.Draft(
        booking.email,
        say("confirmed.subject", code, when=when(booking.start, booking.end, booking.timezone, code)),
        text,
        attachments=(_invite(booking, "REQUEST"),),
    )


def rescheduled(params: dict[str, Any]) -> mail.Draft | None:
    from portal.models.bookings import from_utc_text

    booking = _booking(params)
    if booking is None:
        return None
    code, assistant = booker_language(booking), catalog.brand().assistant_name
    was = when(
        from_utc_text(params["previous_start_utc"]),
        from_utc_text(params["previous_end_utc"]),
        booking.timezone,
        code,
    )
    text = _letter(
        booking,
        code,
        say("rescheduled.body", code, assistant=assistant),
        say("rescheduled.was", code, was=was),
        say("rescheduled.invite", code),
    )
    return mail.Draft(
        booking.email,
        say("rescheduled.subject", code, when=when(booking.start, booking.end, booking.timezone, code)),
        text,
        attachments=(_invite(booking, "REQUEST"),),
    )


def cancelled(params: dict[str, Any]) -> mail.Draft | None:
    booking = _booking(params)
    if booking is None:
        return None
    code = booker_language(booking)
    on = when(booking.start, booking.end, booking.timezone, code)
    key = "cancelled.by_assistant" if params.get("by") == "assistant" else "cancelled.body"
    what = say(key, code, when=on, assistant=catalog.brand().assistant_name)
    text = (
        f"{say('hello', code)}\n\n"
        f"{what} {say('cancelled.invite', code)}\n"
        f"{say('cancelled.again', code, book_url=language.page_url('/book/', code))}\n\n{_signature()}"
    )
    return mail.Draft(
        booking.email, say("cancelled.subject", code), text, attachments=(_invite(booking, "CANCEL"),)
    )


def assistant_notice(params: dict[str, Any]) -> mail.Draft | None:
    """The assistant's notice of a change, in the practice's default language and home zone."""
    from portal.models.bookings import from_utc_text

    booking = _booking(params)
    if booking is None:
        return None
    code, home = language.default(), rules().home_timezone
    headline = say(f"assistant.{params['change']}", code)
    where = views.location(booking)
    place = (
        say("assistant.where.phone", code, phone=where["phone"] or "-")
        if where["kind"] == "phone"
        else say("assistant.where.video", code, url=where["url"])
    )
    extra = ""
    if params.get("previous_start_utc"):
        previous = (from_utc_text(params["previous_start_utc"]), from_utc_text(params["previous_end_utc"]))
        extra = f"{say('assistant.was', code)}: {when(*previous, home, code)}\n"
    text = (
        f"{headline}\n\n"
        f"{say('assistant.when', code)}: {when(booking.start, booking.end, home, code)}\n"
        f"{say('assistant.their_time', code)}: {when(booking.start, booking.end, booking.timezone, code)}\n"
        f"{say('assistant.who', code)}: {booking.name} <{booking.email}>\n"
        f"{say('assistant.where', code)}: {place}\n"
        f"{say('assistant.language', code)}: {booker_language(booking)}\n"
        f"{say('assistant.notes', code)}: {booking.notes or '-'}\n"
        f"{say('assistant.booking', code)}: {booking.id}\n{extra}"
    )
    subject = f"{headline}: {booking.name}, {formats.short(booking.start, home, code)}"
    method = "CANCEL" if params["change"] == "cancelled" else "REQUEST"
    return mail.Draft(
        settings().assistant_email, subject, text, attachments=(_invite(booking, method, for_assistant=True),)
    )


def manage_link(params: dict[str, Any]) -> mail.Draft | None:
    """ "Email me my link": the manage links of this address's upcoming calls, sent again (in the
    language of the first of them)."""
    from portal.bookings import service

    bookings = [b for b in (_booking({"booking_id": i}) for i in params["booking_ids"]) if b is not None]
    listed = [b for b in bookings if service.manage_url_of(b)]
    if not listed:
        return None
    code = booker_language(listed[0])
    lines = [
        f"    {when(b.start, b.end, b.timezone, code)}\n    {service.manage_url_of(b)}\n" for b in listed
    ]
    text = f"{say('hello', code)}\n\n{say('links.body', code)}\n\n" + "\n".join(lines) + f"\n{_signature()}"
    return mail.Draft(listed[0].email, say("links.subject", code), text)


def reminder(booking: Booking) -> None:
    """Sent by the ReminderFunction when its schedule fires (already at its time: no outbox)."""
    code = booker_language(booking)
    text = _letter(booking, code, say("reminder.body", code, assistant=catalog.brand().assistant_name))
    mail.send(
        booking.email,
        say("reminder.subject", code, when=when(booking.start, booking.end, booking.timezone, code)),
        text,
    )
