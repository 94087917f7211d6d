"""Invites (.ics) and the assistant's busy feed, parsed with real iCalendar libraries."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

import boto3
import icalendar
import pytest

from portal.bookings import busy_feed, invites

NEW_YORK = ZoneInfo("America/New_York")


def invite(sequence=0):
    return invites.Invite(
        "abc123",
        sequence,
        datetime(2026, 12, 1, 15, tzinfo=UTC),
        datetime(2026, 12, 1, 15, 30, tzinfo=UTC),
        "Discovery call",
        "About delegation",
        "hello@northstar-va.example",
        "Maya",
        "ada@example.com",
        "Ada",
    )


def test_request_and_cancel_share_the_uid_and_raise_the_sequence():
    request = icalendar.Calendar.from_ical(invites.build(invite(0), "REQUEST"))
    update = icalendar.Calendar.from_ical(invites.build(invite(1), "REQUEST"))
    cancel = icalendar.Calendar.from_ical(invites.build(invite(2), "CANCEL"))
    events = [next(iter(c.walk("VEVENT"))) for c in (request, update, cancel)]
    assert [str(c["METHOD"]) for c in (request, update, cancel)] == ["REQUEST", "REQUEST", "CANCEL"]
    assert len({str(e["UID"]) for e in events}) == 1
    assert [int(e["SEQUENCE"]) for e in events] == [0, 1, 2]
    assert str(events[2]["STATUS"]) == "CANCELLED"
    assert events[0].decoded("DTSTART") == datetime(2026, 12, 1, 15, tzinfo=UTC)
    assert "ada@example.com" in str(events[0]["ATTENDEE"])


def test_unknown_method_is_refused():
    with pytest.raises(ValueError):
        invites.build(invite(), "PUBLISH")


FEED = b"""BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//EN
BEGIN:VEVENT
UID:weekly@test
DTSTART;TZID=America/New_York:20261201T100000
DTEND;TZID=America/New_York:20261201T110000
RRULE:FREQ=WEEKLY;COUNT=4
EXDATE;TZID=America/New_York:20261215T100000
SUMMARY:Weekly client call
END:VEVENT
BEGIN:VEVENT
UID:free@test
DTSTART:20261202T150000Z
DTEND:20261202T160000Z
TRANSP:TRANSPARENT
SUMMARY:Focus time (free)
END:VEVENT
BEGIN:VEVENT
UID:allday@test
DTSTART;VALUE=DATE:20261203
DTEND;VALUE=DATE:20261204
SUMMARY:Away
END:VEVENT
END:VCALENDAR
"""


def test_feed_busy_time_expands_recurrences_and_skips_free_events():
    spans = busy_feed.parse(
        FEED, datetime(2026, 11, 30, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC), NEW_YORK
    )
    weekly = [s for s in spans if s[1] - s[0] == timedelta(hours=1)]
    assert [s[0].astimezone(NEW_YORK).date() for s in weekly] == [
        date(2026, 12, 1),
        date(2026, 12, 8),
        date(2026, 12, 22),
    ]
    assert all(s[0].astimezone(NEW_YORK).hour == 10 for s in weekly)
    allday = [s for s in spans if s[1] - s[0] == timedelta(days=1)]
    assert allday == [
        (
            datetime(2026, 12, 3, tzinfo=NEW_YORK).astimezone(UTC),
            datetime(2026, 12, 4, tzinfo=NEW_YORK).astimezone(UTC),
        )
    ]
    assert len(spans) == 4  # the transparent event is not busy


class _Feed(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/calendar")
        self.end_headers()
        self.wfile.write(FEED)

    def log_message(self, *args):
        pass


@pytest.fixture
def feed_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Feed)
    # A short poll: shutdown() waits for the loop to notice (0.5 s with socketserver's default).
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/private/basic.ics"
    server.shutdown()


def _use_feed(url):
    from portal.settings import settings

    busy_feed._cache.clear()
    busy_feed._url_cache.clear()
    boto3.client("ssm").put_parameter(Name=settings().busy_feed_parameter, Value=url, Type="SecureString")


def test_the_feed_is_read_from_ssm_and_blocks(aws, feed_server):
    _use_feed(feed_server)
    spans = busy_feed.busy_spans(
        datetime(2026, 11, 30, tzinfo=UTC),
        datetime(2026, 12, 31, tzinfo=UTC),
        NEW_YORK,
        cache_seconds=0,
        timeout=2,
    )
    assert len(spans) == 4


def test_no_parameter_means_no_feed(aws):
    busy_feed._cache.clear()
    busy_feed._url_cache.clear()
    assert (
        busy_feed.busy_spans(
            datetime(2026, 11, 30, tzinfo=UTC),
            datetime(2026, 12, 31, tzinfo=UTC),
            NEW_YORK,
            cache_seconds=0,
            timeout=2,
        )
        == []
    )


def test_an_unreachable_feed_warns_and_booking_goes_on(aws, caplog):
    from infra.local.services import free_port

    _use_feed(f"http://127.0.0.1:{free_port()}/gone.ics")
    with caplog.at_level("WARNING"):
        spans = busy_feed.busy_spans(
            datetime(2026, 11, 30, tzinfo=UTC),
            datetime(2026, 12, 31, tzinfo=UTC),
            NEW_YORK,
            cache_seconds=0,
            timeout=1,
        )
    assert spans == []
    assert "busy feed unreachable" in caplog.text and "gone.ics" not in caplog.text


def test_availability_leaves_out_busy_feed_time(api, feed_server, monkeypatch):
    from portal.bookings import service

    _use_feed(feed_server)
    # A clock before the feed's first event, so its days fall inside the booking window.
    monkeypatch.setattr(service, "now", lambda: datetime(2026, 11, 25, 12, tzinfo=UTC))
    slots = api.get("/api/availability?from=2026-12-01&to=2026-12-01&tz=America/New_York").json()["slots"]
    starts = [s["start"][11:16] for s in slots]
    assert "09:00" in starts and "11:30" in starts
    # 09:30 would run into the event with its own buffer; 11:00 is in the event's buffer.
    assert not {"09:30", "10:00", "10:30", "11:00"} & set(starts)
