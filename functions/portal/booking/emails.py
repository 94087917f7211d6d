"""The booking emails, rendered by the outbox from the stored booking when they are delivered:
the booker's (times in their zone, with the .ics and the manage link) and the assistant's (times in
the home zone). The booker's emails carry no text the visitor typed (anyone can book with any
address), only the practice's words, the time and the link. The manage link is rebuilt from the
booking's link reference (portal.links), so no table holds it. A booking that is gone (erased)
renders to nothing."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from portal import catalog, mail
from portal.booking import invites
from portal.booking.rules import rules
from portal.settings import settings

if TYPE_CHECKING:
    from portal.models.bookings import Booking


def when(start: datetime, end: datetime, zone_name: str) -> str:
    """ "Tuesday 1 December 2026, 10:00-10:30 (America/New_York, UTC-05:00)" in `zone_name`."""
    zone = ZoneInfo(zone_name)
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    offset = local_start.strftime("%z")
    return (
        f"{local_start:%A} {local_start.day} {local_start:%B %Y}, {local_start:%H:%M}-{local_end:%H:%M} "
        f"({zone_name}, UTC{offset[:3]}:{offset[3:]})"
    )


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
    content = invites.build(
        invites.Invite(
            booking_id=booking.id,
            sequence=int(booking.sequence),
            start=booking.start,
            end=booking.end,
            summary=f"Discovery call with {brand.assistant_name} ({brand.practice_name})",
            description=(
                "A short video call about what you could delegate. The link to join follows by email."
            ),
            organizer_email=settings().mail_from,
            organizer_name=brand.assistant_name,
            attendee_email=booking.email,
            attendee_name=booking.name if for_assistant else None,
        ),
        method,
    )
    name = "cancel.ics" if method == "CANCEL" else "invite.ics"
    return mail.Attachment(name, content, f"text/calendar; method={method}; charset=UTF-8")


def _signature() -> str:
    brand = catalog.brand()
    return f"{brand.assistant_name}\n{brand.practice_name}\n"


def _manage_lines(booking: Booking) -> str:
    from portal.booking import service

    link = service.manage_url_of(booking)
    if not link:
        return ""
    return f"To reschedule or cancel, use your private link (keep it to yourself):\n{link}\n\n"


def confirmed(params: dict[str, Any]) -> mail.Draft | None:
    booking = _booking(params)
    if booking is None:
        return None
    brand = catalog.brand()
    text = (
        f"Hello,\n\nYour discovery call with {brand.assistant_name} is booked:\n\n"
        f"    {when(booking.start, booking.end, booking.timezone)}\n\n"
        "The attached invitation adds it to your calendar.\n"
        f"{_manage_lines(booking)}{_signature()}"
    )
    return mail.Draft(
        booking.email,
        f"Your discovery call: {when(booking.start, booking.end, booking.timezone)}",
        text,
        attachments=(_invite(booking, "REQUEST"),),
    )


def rescheduled(params: dict[str, Any]) -> mail.Draft | None:
    from portal.models.bookings import from_utc_text

    booking = _booking(params)
    if booking is None:
        return None
    brand = catalog.brand()
    was = when(
        from_utc_text(params["previous_start_utc"]),
        from_utc_text(params["previous_end_utc"]),
        booking.timezone,
    )
    text = (
        f"Hello,\n\nYour discovery call with {brand.assistant_name} has moved to:\n\n"
        f"    {when(booking.start, booking.end, booking.timezone)}\n\n"
        f"(It was {was}.)\n"
        "The attached invitation updates the event in your calendar.\n"
        f"{_manage_lines(booking)}{_signature()}"
    )
    return mail.Draft(
        booking.email,
        f"Moved: your discovery call, now {when(booking.start, booking.end, booking.timezone)}",
        text,
        attachments=(_invite(booking, "REQUEST"),),
    )


def cancelled(params: dict[str, Any]) -> mail.Draft | None:
    booking = _booking(params)
    if booking is None:
        return None
    by_assistant = params.get("by") == "assistant"
    text = (
        f"Hello,\n\nYour discovery call on {when(booking.start, booking.end, booking.timezone)} "
        + (
            "has been cancelled by " + catalog.brand().assistant_name + ". "
            if by_assistant
            else "is cancelled. "
        )
        + "The attached file removes it from your calendar.\n"
        f"You are welcome to book another time on {settings().site_origin}/book/\n\n{_signature()}"
    )
    return mail.Draft(
        booking.email, "Cancelled: your discovery call", text, attachments=(_invite(booking, "CANCEL"),)
    )


_HEADLINES = {
    "confirmed": "New discovery call",
    "rescheduled": "Discovery call moved",
    "cancelled": "Discovery call cancelled",
}


def assistant_notice(params: dict[str, Any]) -> mail.Draft | None:
    from portal.models.bookings import from_utc_text

    booking = _booking(params)
    if booking is None:
        return None
    home = rules().home_timezone
    headline = _HEADLINES[params["change"]]
    extra = ""
    if params.get("previous_start_utc"):
        previous = when(
            from_utc_text(params["previous_start_utc"]), from_utc_text(params["previous_end_utc"]), home
        )
        extra = f"Was: {previous}\n"
    text = (
        f"{headline}\n\n"
        f"When: {when(booking.start, booking.end, home)}\n"
        f"Their time: {when(booking.start, booking.end, booking.timezone)}\n"
        f"Who: {booking.name} <{booking.email}>\n"
        f"Notes: {booking.notes or '-'}\n"
        f"Booking: {booking.id}\n{extra}"
    )
    subject = f"{headline}: {booking.name}, {booking.start.astimezone(ZoneInfo(home)):%a %d %b %H:%M}"
    method = "CANCEL" if params["change"] == "cancelled" else "REQUEST"
    return mail.Draft(
        settings().assistant_email, subject, text, attachments=(_invite(booking, method, for_assistant=True),)
    )


def manage_link(params: dict[str, Any]) -> mail.Draft | None:
    """ "Email me my link": the manage links of this address's upcoming calls, sent again."""
    from portal.booking import service

    bookings = [b for b in (_booking({"booking_id": i}) for i in params["booking_ids"]) if b is not None]
    lines = [
        f"    {when(b.start, b.end, b.timezone)}\n    {service.manage_url_of(b)}\n"
        for b in bookings
        if service.manage_url_of(b)
    ]
    if not lines:
        return None
    text = (
        "Hello,\n\nHere are the private links to your upcoming discovery calls (keep them to yourself):\n\n"
        + "\n".join(lines)
        + f"\n{_signature()}"
    )
    return mail.Draft(bookings[0].email, "Your discovery call links", text)


def reminder(booking: Booking) -> None:
    """Sent by the ReminderFunction when its schedule fires (already at its time: no outbox)."""
    brand = catalog.brand()
    text = (
        f"Hello,\n\nA reminder of your discovery call with {brand.assistant_name}:\n\n"
        f"    {when(booking.start, booking.end, booking.timezone)}\n\n"
        f"{_manage_lines(booking)}{_signature()}"
    )
    mail.send(
        booking.email,
        f"Reminder: your discovery call, {when(booking.start, booking.end, booking.timezone)}",
        text,
    )
