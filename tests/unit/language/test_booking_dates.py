"""A call's date and time in the booking emails, invites' mails and reminders (portal.formats, by
Babel): the weekday and the date in the booker's language and zone, 24-hour times, the zone's name
and its UTC offset that day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from portal import formats
from tests.date_words import spoken_day


def _utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(
    ("start", "zone", "language", "text"),
    [
        (
            _utc(2026, 12, 1, 15),
            "America/New_York",
            "en",
            "Tuesday, December 1, 2026, 10:00-10:30 (America/New_York, UTC-05:00)",
        ),
        (
            _utc(2026, 12, 1, 15),
            "America/New_York",
            "es",
            "martes, 1 de diciembre de 2026, 10:00-10:30 (America/New_York, UTC-05:00)",
        ),
        # The same instant is the next morning in Sydney (summer time there).
        (
            _utc(2026, 12, 1, 15),
            "Australia/Sydney",
            "en",
            "Wednesday, December 2, 2026, 02:00-02:30 (Australia/Sydney, UTC+11:00)",
        ),
        (
            _utc(2026, 12, 1, 15),
            "Australia/Sydney",
            "es",
            "miércoles, 2 de diciembre de 2026, 02:00-02:30 (Australia/Sydney, UTC+11:00)",
        ),
        # Summer time in New York; a half-hour offset; a call that ends after midnight.
        (
            _utc(2026, 7, 1, 14),
            "America/New_York",
            "es",
            "miércoles, 1 de julio de 2026, 10:00-10:30 (America/New_York, UTC-04:00)",
        ),
        (
            _utc(2027, 3, 14, 4, 45),
            "Asia/Kolkata",
            "en",
            "Sunday, March 14, 2027, 10:15-10:45 (Asia/Kolkata, UTC+05:30)",
        ),
        (
            _utc(2026, 9, 5, 23, 45),
            "UTC",
            "es",
            "sábado, 5 de septiembre de 2026, 23:45-00:15 (UTC, UTC+00:00)",
        ),
    ],
)
def test_a_calls_time_in_the_bookers_zone_and_language(start, zone, language, text):
    assert formats.when(start, start + timedelta(minutes=30), zone, language) == text


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_and_weekday_is_named_in_each_language(language, month):
    for day in (date(2026, month, d) for d in range(1, 8)):  # a week: every weekday once
        start = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
        assert formats.weekday_day(start, language) == spoken_day(day, language)


@pytest.mark.parametrize(
    ("instant", "zone", "language", "text"),
    [
        (_utc(2026, 12, 1, 15), "America/New_York", "en", "Tue, Dec 1, 10:00"),
        (_utc(2026, 12, 1, 15), "America/New_York", "es", "mar, 1 dic, 10:00"),
        (_utc(2026, 12, 1, 15), "Australia/Sydney", "en", "Wed, Dec 2, 02:00"),
        (_utc(2026, 12, 1, 15), "Australia/Sydney", "es", "mié, 2 dic, 02:00"),
        (_utc(2026, 9, 5, 14), "America/New_York", "es", "sáb, 5 sep, 10:00"),
    ],
)
def test_the_assistants_subject_line_writes_the_time_short(instant, zone, language, text):
    assert formats.short(instant, zone, language) == text
