"""The assistant's own calendar as busy time: a private iCalendar feed (Google, Outlook and iCloud
all publish one), recurring events expanded with recurring-ical-events.

The feed URL is a secret: read from the SSM parameter named by settings().busy_feed_parameter. When
the feed is unset, the parameter missing or the feed unreachable or unreadable, booking goes on
without it and a warning is logged (without the URL).
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

from aws_lambda_powertools import Logger

from portal import aws
from portal.bookings.slots import Span
from portal.settings import settings

logger = Logger(child=True)
_cache: dict[str, tuple[float, bytes | None]] = {}


def parse(ics: bytes, start: datetime, end: datetime, home_zone: ZoneInfo) -> list[Span]:
    """Busy (start, end) spans in UTC between `start` and `end`, recurrences included. Transparent
    ("free") and cancelled events do not block; an all-day event blocks its whole home-zone day."""
    import icalendar
    import recurring_ical_events

    calendar = icalendar.Calendar.from_ical(ics)
    busy = []
    for event in recurring_ical_events.of(calendar).between(start, end):
        if str(event.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT":
            continue
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        first = event.decoded("DTSTART")
        last = event.decoded("DTEND") if "DTEND" in event else None
        busy.append((_instant(first, home_zone), _instant(last or _default_end(first), home_zone)))
    return sorted(busy)


def _default_end(first: date | datetime) -> date | datetime:
    return first + timedelta(days=1) if not isinstance(first, datetime) else first


def _instant(value: date | datetime, zone: ZoneInfo) -> datetime:
    if not isinstance(value, datetime):  # a DATE: midnight in the home zone
        value = datetime.combine(value if isinstance(value, date) else value.date(), datetime.min.time())
    if value.tzinfo is None:  # floating time: the assistant's own zone
        value = value.replace(tzinfo=zone)
    return value.astimezone(UTC)


def _url() -> str | None:
    name = settings().busy_feed_parameter
    if not name:
        return None
    ssm = aws.client("ssm")
    try:
        return ssm.get_parameter(Name=name, WithDecryption=True)["Parameter"]["Value"].strip() or None
    except ssm.exceptions.ParameterNotFound:
        return None


def _fetch(url: str, timeout: float) -> bytes:
    import urllib.request

    # The URL is the assistant's own calendar feed, read from SSM: not a visitor's input.
    request = urllib.request.Request(url, headers={"User-Agent": "va-client-portal"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        body: bytes = response.read(5_000_000)
        return body


_url_cache: list[Any] = []  # [(read at, url)]: the parameter is read once per cache period


def _cached_url(cache_seconds: int) -> str | None:
    if _url_cache and time.monotonic() - _url_cache[0][0] < cache_seconds:
        return cast("str | None", _url_cache[0][1])
    try:
        url = _url()
    except Exception:  # noqa: BLE001 - SSM unreachable: book without the feed
        logger.warning("busy feed: could not read its parameter; booking without it")
        url = None
    _url_cache[:] = [(time.monotonic(), url)]
    return url


def busy_spans(
    start: datetime, end: datetime, home_zone: ZoneInfo, *, cache_seconds: int, timeout: float
) -> list[Span]:
    url = _cached_url(cache_seconds)
    if not url:
        return []
    cached = _cache.get(url)
    if cached and time.monotonic() - cached[0] < cache_seconds:
        ics = cached[1]
    else:
        try:
            ics = _fetch(url, timeout)
        except Exception as error:  # noqa: BLE001 - unreachable feed: keep booking
            logger.warning("busy feed unreachable; booking without it", extra={"error": type(error).__name__})
            ics = None
        _cache[url] = (time.monotonic(), ics)
    if ics is None:
        return []
    try:
        return parse(ics, start, end, home_zone)
    except Exception as error:  # noqa: BLE001 - an unreadable feed must not stop bookings
        logger.warning("busy feed unreadable; booking without it", extra={"error": type(error).__name__})
        return []
