"""A call's date as the emails must write it, spelled out here by hand (not by Babel, which the code
uses), so the tests compare the code's words with words written independently."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

WEEKDAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
}
MONTHS = {
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
    "es": (
        "enero", "febrero", "marzo", "abril", "mayo", "junio",
        "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
    ),
}  # fmt: skip


def spoken_day(day: date, language: str) -> str:
    """ "Tuesday, December 1, 2026" / "martes, 1 de diciembre de 2026"."""
    weekday, month = WEEKDAYS[language][day.weekday()], MONTHS[language][day.month - 1]
    if language == "es":
        return f"{weekday}, {day.day} de {month} de {day.year}"
    return f"{weekday}, {month} {day.day}, {day.year}"


def spoken_offset(instant: datetime) -> str:
    """ "UTC+11:00" for an aware instant."""
    hours_minutes = f"{instant:%z}"
    return f"UTC{hours_minutes[:3]}:{hours_minutes[3:]}"


def spoken_short(instant: datetime) -> str:
    """ "Tue, Dec 1, 10:00" (English): the assistant's subject line."""
    weekday, month = WEEKDAYS["en"][instant.weekday()][:3], MONTHS["en"][instant.month - 1][:3]
    return f"{weekday}, {month} {instant.day}, {instant:%H:%M}"


def spoken_when(start: datetime, end: datetime, zone_name: str, language: str) -> str:
    """The call's line: "Tuesday, December 1, 2026, 10:00-10:30 (America/New_York, UTC-05:00)"."""
    zone = ZoneInfo(zone_name)
    start, end = start.astimezone(zone), end.astimezone(zone)
    times = f"{start:%H:%M}-{end:%H:%M}"
    return f"{spoken_day(start.date(), language)}, {times} ({zone_name}, {spoken_offset(start)})"
