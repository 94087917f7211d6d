"""What a booker sees of a booking, and the values they send that need reading: the zone, the phone
number, the link."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from portal import errors, language
from portal.bookings import slots
from portal.bookings.words import both

if TYPE_CHECKING:
    from portal.models.bookings import Booking

MANAGE_PURPOSE = "manage-booking"
# What people put between a phone number's digits; what is left must be E.164: + and 8 to 15 digits.
_PHONE_SEPARATORS = re.compile(r"[\s().\-/]")
_E164 = re.compile(r"^\+[1-9]\d{7,14}$")


def zone(name: str, field: str = "tz") -> ZoneInfo:
    try:
        if not name or name != name.strip() or name.startswith("/") or ".." in name:
            raise ValueError(name)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise errors.Invalid(both("zone.unknown", name=repr(name[:64])), field=field) from None


def phone(typed: str | None, required: bool) -> str | None:
    """The number to call as E.164 ("+12125550100"), from what the visitor typed ("+1 (212) 555-0100");
    None when none is needed. Missing or not a number: a 422 on the field `phone`."""
    if not required:
        return None
    if not (typed or "").strip():
        raise errors.Invalid(both("phone.missing"), field="phone")
    compact = _PHONE_SEPARATORS.sub("", typed or "")
    if compact.startswith("00"):  # the international prefix many countries dial instead of +
        compact = "+" + compact[2:]
    if not _E164.match(compact):
        raise errors.Invalid(both("phone.invalid"), field="phone")
    return compact


def manage_url(booking_id: str, token: str, language_code: str | None = None) -> str:
    """The private link, to the manage page in the booker's language."""
    page = language.page_url("/manage-booking/", language.known(language_code))
    return f"{page}?{urlencode({'id': booking_id, 'token': token})}"


def location(booking: Booking) -> dict[str, str | None]:
    """Where the call happens, under the practice's rules: a video room's link, or the booker's number."""
    from portal.bookings.rules import rules

    where = rules().meeting_location
    if where.kind == "phone":
        return {"kind": "phone", "phone": getattr(booking, "phone", None)}
    return {"kind": "video", "url": where.link}


def view(booking: Booking) -> dict[str, Any]:
    """A booking as its booker sees it: times in their zone (and UTC), never the token."""
    client_zone = ZoneInfo(booking.timezone)
    return {
        "id": booking.id,
        "status": booking.status,
        "start": slots.iso_in(booking.start, client_zone),
        "end": slots.iso_in(booking.end, client_zone),
        "start_utc": booking.start_utc,
        "timezone": booking.timezone,
        "duration_minutes": int((booking.end - booking.start).total_seconds() // 60),
        "name": booking.name,
        "language": language.known(getattr(booking, "language", None)),
        "location": location(booking),
    }
