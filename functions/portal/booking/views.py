"""What a booker sees of a booking, and the values they send that need reading: the zone, the link."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from portal import errors
from portal.booking import slots
from portal.settings import settings

if TYPE_CHECKING:
    from portal.models.bookings import Booking

MANAGE_PURPOSE = "manage-booking"


def zone(name: str, field: str = "tz") -> ZoneInfo:
    try:
        if not name or name != name.strip() or name.startswith("/") or ".." in name:
            raise ValueError(name)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise errors.Invalid(
            f"Unknown time zone {name[:64]!r}: use an IANA name such as Europe/Paris.", field=field
        ) from None


def manage_url(booking_id: str, token: str) -> str:
    return f"{settings().site_origin}/manage-booking/?{urlencode({'id': booking_id, 'token': token})}"


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
    }
