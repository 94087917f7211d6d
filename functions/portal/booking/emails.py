"""The booking emails: the booker's (times in their zone, with the .ics) and the assistant's
(times in the home zone). No email ever carries the manage token except the booker's own."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from portal import catalog, mail
from portal.booking import invites
from portal.booking.rules import rules
from portal.settings import settings


def when(start: datetime, end: datetime, zone_name: str) -> str:
    """"Tuesday 1 December 2026, 10:00-10:30 (America/New_York, UTC-05:00)" in `zone_name`."""
    zone = ZoneInfo(zone_name)
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    offset = local_start.strftime("%z")
    return (f"{local_start:%A} {local_start.day} {local_start:%B %Y}, {local_start:%H:%M}-{local_end:%H:%M} "
            f"({zone_name}, UTC{offset[:3]}:{offset[3:]})")


def _invite(booking, method: str) -> mail.Attachment:
    brand = catalog.brand()
    content = invites.build(invites.Invite(
        booking_id=booking.id, sequence=int(booking.sequence), start=booking.start, end=booking.end,
        summary=f"Discovery call with {brand.assistant_name} ({brand.practice_name})",
        description="A short video call about what you could delegate. The link to join follows by email.",
        organizer_email=settings().mail_from, organizer_name=brand.assistant_name,
        attendee_email=booking.email, attendee_name=booking.name,
    ), method)
    name = "cancel.ics" if method == "CANCEL" else "invite.ics"
    return mail.Attachment(name, content, f"text/calendar; method={method}; charset=UTF-8")


def _assistant(booking, headline: str, extra: str = "") -> None:
    home = rules().home_timezone
    text = (f"{headline}\n\n"
            f"When: {when(booking.start, booking.end, home)}\n"
            f"Their time: {when(booking.start, booking.end, booking.timezone)}\n"
            f"Who: {booking.name} <{booking.email}>\n"
            f"Notes: {booking.notes or '-'}\n"
            f"Booking: {booking.id}\n{extra}")
    mail.notify_assistant(f"{headline}: {booking.name}, {booking.start.astimezone(ZoneInfo(home)):%a %d %b %H:%M}",
                          text, attachments=(_invite(booking, "CANCEL" if booking.status == "cancelled" else "REQUEST"),))


def confirmed(booking, manage_url: str) -> None:
    brand = catalog.brand()
    text = (f"Hello {booking.name},\n\nYour discovery call with {brand.assistant_name} is booked:\n\n"
            f"    {when(booking.start, booking.end, booking.timezone)}\n\n"
            "The attached invitation adds it to your calendar.\n"
            f"To reschedule or cancel, use your private link (keep it to yourself):\n{manage_url}\n\n"
            f"{brand.assistant_name}\n{brand.practice_name}\n")
    mail.send(booking.email, f"Your discovery call: {when(booking.start, booking.end, booking.timezone)}", text,
              attachments=(_invite(booking, "REQUEST"),))
    _assistant(booking, "New discovery call")


def rescheduled(booking, previous_start: datetime, previous_end: datetime) -> None:
    brand = catalog.brand()
    text = (f"Hello {booking.name},\n\nYour discovery call with {brand.assistant_name} has moved to:\n\n"
            f"    {when(booking.start, booking.end, booking.timezone)}\n\n"
            f"(It was {when(previous_start, previous_end, booking.timezone)}.)\n"
            "The attached invitation updates the event in your calendar.\n\n"
            f"{brand.assistant_name}\n{brand.practice_name}\n")
    mail.send(booking.email, f"Moved: your discovery call, now {when(booking.start, booking.end, booking.timezone)}",
              text, attachments=(_invite(booking, "REQUEST"),))
    _assistant(booking, "Discovery call moved",
               f"Was: {when(previous_start, previous_end, rules().home_timezone)}\n")


def cancelled(booking) -> None:
    brand = catalog.brand()
    text = (f"Hello {booking.name},\n\nYour discovery call on {when(booking.start, booking.end, booking.timezone)} "
            "is cancelled. The attached file removes it from your calendar.\n"
            f"You are welcome to book another time on {settings().site_origin}/book/\n\n"
            f"{brand.assistant_name}\n{brand.practice_name}\n")
    mail.send(booking.email, "Cancelled: your discovery call", text, attachments=(_invite(booking, "CANCEL"),))
    _assistant(booking, "Discovery call cancelled")


def reminder(booking) -> None:
    brand = catalog.brand()
    text = (f"Hello {booking.name},\n\nA reminder of your discovery call with {brand.assistant_name}:\n\n"
            f"    {when(booking.start, booking.end, booking.timezone)}\n\n"
            "To reschedule or cancel, use the private link in your confirmation email.\n\n"
            f"{brand.assistant_name}\n{brand.practice_name}\n")
    mail.send(booking.email, f"Reminder: your discovery call, {when(booking.start, booking.end, booking.timezone)}", text)
