"""The availability rules from config/availability.yaml, validated once (a typo fails at load)."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator, model_validator

from portal import catalog

LOCK_MINUTES = 15  # the grid slots are locked on; every length must be a multiple of it
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# An end of 24:00 is midnight; 24:15 and the like are not times (they failed at the first request).
_RANGE = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$")


class MeetingLocation(BaseModel):
    """Where the call happens: a fixed video room (its link goes into every email and invite), or a
    phone call to the number the visitor gives when booking (the page asks for it)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["video", "phone"]
    url: HttpUrl | None = None

    @model_validator(mode="after")
    def _url_for_video(self) -> MeetingLocation:
        if self.kind == "video" and (self.url is None or self.url.scheme != "https"):
            raise ValueError("a video meeting_location needs the room's https:// url")
        if self.kind == "phone" and self.url is not None:
            raise ValueError("a phone meeting_location has no url (the visitor gives their number)")
        return self

    @property
    def link(self) -> str | None:
        return str(self.url) if self.url else None


class Rules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    home_timezone: str
    meeting_minutes: int = Field(default=30, gt=0, le=240)
    slot_interval_minutes: int = Field(default=30, gt=0, le=240)
    buffer_before_minutes: int = Field(default=0, ge=0, le=240)
    buffer_after_minutes: int = Field(default=15, ge=0, le=240)
    minimum_notice_hours: int = Field(default=12, ge=0)
    booking_window_days: int = Field(default=30, gt=0, le=3650)
    daily_cap: int = Field(default=4, gt=0)
    working_hours: dict[str, tuple[str, ...]]
    blackout_dates: frozenset[date] = frozenset()
    busy_feed_cache_seconds: int = Field(default=300, ge=0)
    busy_feed_timeout_seconds: float = Field(default=3, gt=0, le=10)
    meeting_location: MeetingLocation = MeetingLocation(kind="phone")

    @field_validator("home_timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        ZoneInfo(value)
        return value

    @field_validator("working_hours")
    @classmethod
    def _hours(cls, value: dict[str, Any]) -> dict[str, Any]:
        return check_working_hours(value)

    @model_validator(mode="after")
    def _on_the_grid(self) -> Rules:
        check_on_the_grid(self)
        return self

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.home_timezone)

    @property
    def meeting(self) -> timedelta:
        return timedelta(minutes=self.meeting_minutes)

    @property
    def before(self) -> timedelta:
        return timedelta(minutes=self.buffer_before_minutes)

    @property
    def after(self) -> timedelta:
        return timedelta(minutes=self.buffer_after_minutes)

    def hours_on(self, day: date) -> list[tuple[time, time | None]]:
        """Working ranges on a home-zone date as (start, end) wall times; end None means midnight."""
        if day in self.blackout_dates:
            return []
        ranges = []
        for text in self.working_hours.get(WEEKDAYS[day.weekday()], ()):
            start, end = text.split("-")
            ranges.append((time.fromisoformat(start), None if end == "24:00" else time.fromisoformat(end)))
        return ranges

    def home_day(self, instant: datetime) -> date:
        return instant.astimezone(self.zone).date()


# The validators' rules as plain functions (mutation testing reaches into these, not decorated methods).
def check_working_hours(value: dict[str, Any]) -> dict[str, Any]:
    for day, ranges in value.items():
        if day not in WEEKDAYS:
            raise ValueError(f"unknown weekday {day!r}")
        for text in ranges:
            found = _RANGE.match(text)
            if not found or text[:5] >= text[6:]:
                raise ValueError(f"{day}: {text!r} is not a range like 09:00-12:30")
            if any(int(found.group(i) or 0) % LOCK_MINUTES for i in (2, 4)):
                raise ValueError(f"{day}: {text!r} must start and end on a quarter hour")
    return value


def check_on_the_grid(rules: Rules) -> None:
    for name in ("meeting_minutes", "slot_interval_minutes", "buffer_before_minutes", "buffer_after_minutes"):
        if getattr(rules, name) % LOCK_MINUTES:
            raise ValueError(f"{name} must be a multiple of {LOCK_MINUTES}")


def load_rules(raw: dict[str, Any], home_timezone: str) -> Rules:
    return Rules.model_validate({"home_timezone": home_timezone, **raw})


@lru_cache(maxsize=1)
def rules() -> Rules:
    return load_rules(catalog._load("availability.yaml"), catalog.brand().home_timezone)
