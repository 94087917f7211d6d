"""Calendar invites (.ics) built with the icalendar library.

One booking keeps one UID for life; every change raises SEQUENCE, so calendar apps update the event
in place (METHOD:REQUEST) or remove it (METHOD:CANCEL) instead of adding a second one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True)
class Invite:
    booking_id: str
    sequence: int
    start: datetime  # aware
    end: datetime
    summary: str
    description: str
    organizer_email: str
    organizer_name: str
    attendee_email: str
    attendee_name: str | None  # None in the booker's copy: no text the visitor typed
    location: str | None = None  # LOCATION: the video room's link, or "Phone call to +1..."
    url: str | None = None  # URL: the video room's link, for calendars that show a "join" button
    language: str = "en"  # the LANGUAGE of SUMMARY, DESCRIPTION and LOCATION (RFC 5545, 3.2.10)


def uid(booking_id: str, organizer_email: str) -> str:
    return f"booking-{booking_id}@{organizer_email.split('@')[-1]}"


def build(invite: Invite, method: str, now: datetime | None = None) -> bytes:
    """The .ics for `method` "REQUEST" (new or changed) or "CANCEL"."""
    from icalendar import Calendar, Event, vCalAddress, vText

    if method not in ("REQUEST", "CANCEL"):
        raise ValueError(method)
    calendar = Calendar()
    calendar.add("prodid", "-//va-client-portal//booking//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)

    event = Event()
    event.add("uid", uid(invite.booking_id, invite.organizer_email))
    event.add("sequence", invite.sequence)
    event.add("dtstamp", (now or datetime.now(UTC)).astimezone(UTC))
    event.add("dtstart", invite.start.astimezone(UTC))
    event.add("dtend", invite.end.astimezone(UTC))
    words = {"language": invite.language}
    event.add("summary", invite.summary, parameters=words)
    event.add("description", invite.description, parameters=words)
    if invite.location:
        event.add("location", invite.location, parameters=words)
    if invite.url:
        event.add("url", invite.url)
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    event.add("transp", "OPAQUE")

    organizer = vCalAddress(f"mailto:{invite.organizer_email}")
    organizer.params["cn"] = vText(invite.organizer_name)
    event.add("organizer", organizer)
    attendee = vCalAddress(f"mailto:{invite.attendee_email}")
    if invite.attendee_name:
        attendee.params["cn"] = vText(invite.attendee_name)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = vText("NEEDS-ACTION")
    attendee.params["rsvp"] = vText("TRUE")
    event.add("attendee", attendee)
    calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical
