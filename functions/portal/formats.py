"""Money, dates, times and hours as a person reads them in a language, for the emails and invites
(CLDR's rules, by Babel).

A language (brand.yaml's) is written with the conventions of one CLDR locale: English as in the
United States, Spanish as in Latin America (`es_419`, neutral across the region). The functions'
packages ship Babel's data for these locales only (functions/lambda_build reads `locales`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from portal import catalog

# language -> the CLDR locale its numbers and dates follow; a language not named is its own locale.
LOCALES = {"en": "en", "es": "es_419"}


def locale_of(language: str) -> str:
    return LOCALES.get(language, language)


def locales(languages: Iterable[str]) -> set[str]:
    """The CLDR locales (with their parents, and `root`) Babel reads to write in `languages`."""
    needed = {"root"}
    for language in languages:
        parts = locale_of(language).split("_")
        needed.update("_".join(parts[:n]) for n in range(1, len(parts) + 1))
    return needed


def money(amount: int, language: str, currency: str | None = None) -> str:
    """Minor units for people: 40000 usd -> "$400" (en), "USD400" (es); 4250 -> "$42.50"."""
    from babel import Locale
    from babel.numbers import format_currency

    code = (currency or catalog.brand().currency).upper()
    locale = Locale.parse(locale_of(language))
    pattern = locale.currency_formats["standard"].pattern
    if amount % 100 == 0:
        pattern = pattern.replace(".00", "")  # whole amounts as the price list writes them
    return format_currency(amount / 100, code, format=pattern, locale=locale, currency_digits=False)


def day(value: str | date | datetime, language: str) -> str:
    """A calendar date in words: "2026-12-31" -> "December 31, 2026" / "31 de diciembre de 2026"."""
    from babel.dates import format_date

    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    elif isinstance(value, datetime):
        value = value.date()
    return format_date(value, format="long", locale=locale_of(language))


def hours(minutes: int, language: str) -> str:
    """Minutes as hours with at most two decimals: 150 -> "2.5", 120 -> "2", 20 -> "0.33"."""
    from babel.numbers import format_decimal

    return format_decimal(round(minutes / 60, 2), format="#,##0.##", locale=locale_of(language))


def weekday_day(instant: datetime, language: str) -> str:
    """The date of an aware `instant` in its own zone, with its weekday: "Tuesday, December 1, 2026" /
    "martes, 1 de diciembre de 2026"."""
    from babel.dates import format_date

    return format_date(instant.date(), format="full", locale=locale_of(language))


def utc_offset(instant: datetime) -> str:
    """ "UTC-05:00" for an aware instant: the same in every language, and as the booking page writes it."""
    text = instant.strftime("%z")
    return f"UTC{text[:3]}:{text[3:]}"


def when(start: datetime, end: datetime, zone_name: str, language: str) -> str:
    """A call's date and times in `zone_name`: "Tuesday, December 1, 2026, 10:00-10:30 (America/New_York,
    UTC-05:00)" / "martes, 1 de diciembre de 2026, 10:00-10:30 (...)". Times are 24-hour in every
    language, so a time reads the same in the email as on the booking page."""
    zone = ZoneInfo(zone_name)
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    return (
        f"{weekday_day(local_start, language)}, {local_start:%H:%M}-{local_end:%H:%M} "
        f"({zone_name}, {utc_offset(local_start)})"
    )


def short(instant: datetime, zone_name: str, language: str) -> str:
    """An instant in `zone_name`, short, for a subject line: "Tue, Dec 1, 10:00" / "mar, 1 dic, 10:00"
    (the language's abbreviated date, joined to the 24-hour time its own way)."""
    from babel import Locale
    from babel.dates import format_skeleton

    locale = Locale.parse(locale_of(language))
    local = instant.astimezone(ZoneInfo(zone_name))
    joined = locale.datetime_formats["short"]  # "{1}, {0}": date, then time
    return str(joined).format(f"{local:%H:%M}", format_skeleton("MMMEd", local, locale=locale))
