"""A call's date and time as a person reads it, in their language and zone, for emails and invites.

A small table per language rather than Babel: the outbox function sends these emails, and Babel's
locale data would add about 30 MB to its package for two languages' names of days and months.
A language without a table here is written in English (brand.yaml may offer one before it is added).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

_WEEKDAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
}
_MONTHS = {
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
    "es": (
        "enero", "febrero", "marzo", "abril", "mayo", "junio",
        "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
    ),
}  # fmt: skip
# "Tuesday 1 December 2026" / "martes 1 de diciembre de 2026"
_DAY = {"en": "{weekday} {day} {month} {year}", "es": "{weekday} {day} de {month} de {year}"}


def _table(language: str) -> str:
    return language if language in _DAY else "en"


def day(instant: datetime, language: str) -> str:
    """The date of an aware `instant` in its own zone: "Tuesday 1 December 2026"."""
    code = _table(language)
    return _DAY[code].format(
        weekday=_WEEKDAYS[code][instant.weekday()],
        day=instant.day,
        month=_MONTHS[code][instant.month - 1],
        year=instant.year,
    )


def offset(instant: datetime) -> str:
    """ "UTC-05:00" for an aware instant."""
    text = instant.strftime("%z")
    return f"UTC{text[:3]}:{text[3:]}"


def when(start: datetime, end: datetime, zone_name: str, language: str = "en") -> str:
    """ "Tuesday 1 December 2026, 10:00-10:30 (America/New_York, UTC-05:00)" in `zone_name`,
    "martes 1 de diciembre de 2026, 10:00-10:30 (...)" in Spanish. 24-hour times read the same in both."""
    zone = ZoneInfo(zone_name)
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    return (
        f"{day(local_start, language)}, {local_start:%H:%M}-{local_end:%H:%M} "
        f"({zone_name}, {offset(local_start)})"
    )


def short(instant: datetime, zone_name: str, language: str = "en") -> str:
    """ "Tue 01 Dec 10:00" (the assistant's subject line): the first three letters of the names."""
    code = _table(language)
    local = instant.astimezone(ZoneInfo(zone_name))
    weekday, month = _WEEKDAYS[code][local.weekday()][:3], _MONTHS[code][local.month - 1][:3]
    return f"{weekday} {local.day:02d} {month} {local:%H:%M}"
