"""The availability rules as loaded: every field's default and bounds (the value at each bound
accepted, one step past it refused), the working-hours ranges, and instants that stay UTC whatever
the process's own time zone is."""

from __future__ import annotations

import os
import time as clock
from datetime import date, datetime, time, timedelta, timezone

import pytest
from pydantic import ValidationError

from portal.bookings import slots
from portal.bookings.rules import Rules, load_rules
from tests.unit.booking.helpers import LONG_AGO, NEW_YORK, UTC, at, every_day, make

HOURS = every_day("09:00-17:00")


@pytest.mark.parametrize(
    "location, refused",
    [
        ({"kind": "video", "url": "https://meet.example.com/room"}, None),
        ({"kind": "phone"}, None),
        ({"kind": "video"}, "needs the room's https:// url"),
        ({"kind": "video", "url": "http://meet.example.com/room"}, "needs the room's https:// url"),
        ({"kind": "phone", "url": "https://meet.example.com/room"}, "has no url"),
        ({"kind": "carrier pigeon"}, "kind"),
    ],
)
def test_the_meeting_location_is_a_video_room_or_a_phone_call(location, refused):
    if refused is None:
        assert load_rules({"working_hours": HOURS, "meeting_location": location}, "UTC").meeting_location.kind
    else:
        with pytest.raises(ValidationError, match=refused):
            load_rules({"working_hours": HOURS, "meeting_location": location}, "UTC")


def test_the_defaults():
    current = load_rules({"working_hours": HOURS}, "America/New_York")
    assert current.model_dump() == {
        "home_timezone": "America/New_York",
        "meeting_minutes": 30,
        "slot_interval_minutes": 30,
        "buffer_before_minutes": 0,
        "buffer_after_minutes": 15,
        "minimum_notice_hours": 12,
        "booking_window_days": 30,
        "daily_cap": 4,
        "working_hours": HOURS,
        "blackout_dates": frozenset(),
        "busy_feed_cache_seconds": 300,
        "busy_feed_timeout_seconds": 3,
        "meeting_location": {"kind": "phone", "url": None},
    }
    assert (current.meeting, current.before, current.after) == (
        timedelta(minutes=30),
        timedelta(0),
        timedelta(minutes=15),
    )
    assert current.zone == NEW_YORK


BOUNDS = [  # (field, accepted at the bounds, refused one step past them)
    ("meeting_minutes", [15, 240], [0, 255]),
    ("slot_interval_minutes", [15, 240], [0, 255]),
    ("buffer_before_minutes", [0, 240], [-15, 255]),
    ("buffer_after_minutes", [0, 240], [-15, 255]),
    ("minimum_notice_hours", [0, 10_000], [-1]),
    ("booking_window_days", [1, 3650], [0, 3651]),
    ("daily_cap", [1, 1000], [0]),
    ("busy_feed_cache_seconds", [0, 86_400], [-1]),
    ("busy_feed_timeout_seconds", [0.1, 10], [0, 10.5]),
]


@pytest.mark.parametrize(("field", "accepted", "refused"), BOUNDS, ids=[b[0] for b in BOUNDS])
def test_each_field_is_bounded(field, accepted, refused):
    for value in accepted:
        assert getattr(make(**{field: value}), field) == value
    for value in refused:
        with pytest.raises(ValidationError, match=field):
            make(**{field: value})


@pytest.mark.parametrize(
    "name", ["meeting_minutes", "slot_interval_minutes", "buffer_before_minutes", "buffer_after_minutes"]
)
def test_every_length_is_on_the_quarter_hour_grid(name):
    with pytest.raises(ValidationError, match=f"{name} must be a multiple of 15"):
        make(**{name: 20})


@pytest.mark.parametrize(
    "ranges", [("09:00-09:15",), ("00:00-24:00",), ("23:45-24:00",), ("08:00-09:00", "13:00-17:45")]
)
def test_ranges_that_load(ranges):
    assert make(working_hours={"friday": ranges}).working_hours == {"friday": ranges}


@pytest.mark.parametrize(
    ("ranges", "why"),
    [
        (("09:00-09:00",), "is not a range like 09:00-12:30"),  # zero length
        (("10:00-09:00",), "is not a range like 09:00-12:30"),
        (
            ("09:00-24:15",),
            "is not a range like 09:00-12:30",
        ),  # not a time (was accepted, then failed every request)
        (("24:00-24:00",), "is not a range like 09:00-12:30"),
        (("9:00-10:00",), "is not a range like 09:00-12:30"),
        (("09:00-10:00", "11:00-10:00"), "'11:00-10:00' is not a range"),
        (("09:10-10:00",), "must start and end on a quarter hour"),
        (("09:00-10:10",), "must start and end on a quarter hour"),
    ],
)
def test_ranges_that_do_not_load(ranges, why):
    with pytest.raises(ValidationError, match=f"friday: .*{why}"):
        make(working_hours={"monday": ("09:00-10:00",), "friday": ranges})


def test_an_unknown_weekday_is_named():
    with pytest.raises(ValidationError, match="unknown weekday 'funday'"):
        make(working_hours={"monday": ("09:00-10:00",), "funday": ("09:00-10:00",)})


def test_hours_on_a_date():
    current = make(
        working_hours={"tuesday": ("08:00-12:00", "13:15-24:00")}, blackout_dates=[date(2026, 12, 8)]
    )
    assert current.hours_on(date(2026, 12, 1)) == [(time(8), time(12)), (time(13, 15), None)]
    assert current.hours_on(date(2026, 12, 2)) == []  # a Wednesday: no hours
    assert current.hours_on(date(2026, 12, 8)) == []  # a Tuesday, blacked out


def test_the_home_day_of_an_instant():
    current = make()
    assert current.home_day(datetime(2026, 12, 2, 3, 0, tzinfo=UTC)) == date(2026, 12, 1)  # 22:00 in New York
    assert make("Australia/Sydney").home_day(datetime(2026, 12, 1, 20, 0, tzinfo=UTC)) == date(2026, 12, 2)


@pytest.fixture
def far_local_zone():
    """The process's local zone set far from UTC (Lambda runs in UTC; a laptop need not)."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Pacific/Kiritimati"  # UTC+14
    clock.tzset()
    yield
    if before is None:
        os.environ.pop("TZ")
    else:
        os.environ["TZ"] = before
    clock.tzset()


def test_instants_stay_utc_whatever_the_local_zone(far_local_zone):
    assert datetime(2026, 12, 1, 12, tzinfo=UTC).astimezone().utcoffset() == timedelta(hours=14)
    current = make(working_hours=every_day("22:00-24:00"), daily_cap=1)
    day = date(2026, 12, 1)
    found = slots.free_slots(current, at(NEW_YORK, day, 0), at(NEW_YORK, day, 23, 30), LONG_AGO)
    ten_pm = at(NEW_YORK, day, 22)
    assert found == [
        (ten_pm + timedelta(minutes=30 * n), ten_pm + timedelta(minutes=30 * n + 30)) for n in range(3)
    ]
    assert {instant.utcoffset() for span in found for instant in span} == {timedelta(0)}
    assert current.home_day(at(NEW_YORK, day, 23)) == day
    assert (
        slots.refusal(
            current, at(NEW_YORK, day, 23), LONG_AGO, [(at(NEW_YORK, day, 22), at(NEW_YORK, day, 22, 30))]
        )
        is slots.Refusal.CAP
    )
    parsed = slots.parse_instant("2026-12-01T10:00:00-05:00")
    assert parsed == datetime(2026, 12, 1, 15, tzinfo=UTC) and parsed.utcoffset() == timedelta(0)
    kathmandu = timezone(timedelta(hours=5, minutes=45))
    spans = slots.spans(
        [
            (datetime(2026, 12, 2, 9, tzinfo=kathmandu), datetime(2026, 12, 2, 10, tzinfo=kathmandu)),
            (datetime(2026, 12, 1, 9, tzinfo=UTC), datetime(2026, 12, 1, 10, tzinfo=UTC)),
        ]
    )
    assert spans == [
        (datetime(2026, 12, 1, 9, tzinfo=UTC), datetime(2026, 12, 1, 10, tzinfo=UTC)),
        (datetime(2026, 12, 2, 3, 15, tzinfo=UTC), datetime(2026, 12, 2, 4, 15, tzinfo=UTC)),
    ]
    assert {instant.utcoffset() for span in spans for instant in span} == {timedelta(0)}


@pytest.mark.parametrize(
    "text",
    [
        "2026-12-01T15:00:00Z",
        "2026-12-01T15:00:00z",
        "2026-12-01T10:00:00-05:00",
        "2026-12-02T01:45:00+10:45",
    ],
)
def test_parse_instant_reads_every_offset_form(text):
    assert slots.parse_instant(text) == datetime(2026, 12, 1, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-12-01T10:00:00", "a time needs its UTC offset, e.g. 2026-12-01T10:00:00-05:00"),
        ("9999-12-31T23:30:00-05:00", "that time is outside the calendar"),
    ],
)
def test_parse_instant_says_what_is_wrong(text, message):
    with pytest.raises(ValueError) as error:
        slots.parse_instant(text)
    assert str(error.value) == message


def test_rules_cannot_change_once_loaded():
    with pytest.raises(ValidationError):
        make().daily_cap = 9  # type: ignore[misc]
    assert isinstance(make(), Rules)
