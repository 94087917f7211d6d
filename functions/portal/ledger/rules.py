"""The retainer ledger's rules as pure functions: integers only (minutes, minor currency units), no I/O.

Invariants the storage layer may rely on:
- billed_minutes: each entry on its own is rounded up to the increment, then surcharged, rounded up to
  a whole minute; never less than the minutes worked.
- allocate: minutes are conserved (sum of drawn + unfunded == used); no bucket gives more than its
  capacity, an expired bucket gives nothing; a bucket gives nothing until every bucket before it in
  DRAW_ORDER is full. The result depends on the buckets' contents, not on the order they are passed in.
- rollover_minutes: only the included bucket rolls over, at most the cap, never negative.
- crossed_thresholds: a function of used_after and already_sent only, so with already_sent
  accumulated, each threshold is reported once, whatever the order of edits, deletes and retries.
- overage_amount: exact when minutes x rate is divisible by 60, else rounded half up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import Any

SURCHARGES = ("rush", "evenings_weekends")
DRAW_ORDER = ("included", "rollover", "prepaid", "extra")
MAX_DURATION_MINUTES = 24 * 60


def _ceil_div(numerator: int, denominator: int) -> int:
    return -(-numerator // denominator)


@dataclass(frozen=True)
class Terms:
    """The contract, built by the caller from the service catalog (validated here, once)."""

    increment_minutes: int
    surcharge_percent: Mapping[str, int]
    rollover_cap_minutes: int
    rollover_valid_days: int
    alert_thresholds_percent: tuple[int, ...]
    approval_cap_minutes: int
    overage_rate: int

    def __post_init__(self) -> None:
        if self.increment_minutes < 1:
            raise ValueError("increment_minutes must be at least 1")
        unknown = set(self.surcharge_percent) - set(SURCHARGES)
        if unknown or any(pct < 0 for pct in self.surcharge_percent.values()):
            raise ValueError(f"surcharge_percent: keys among {SURCHARGES}, percents >= 0")
        if (
            min(
                self.rollover_cap_minutes,
                self.rollover_valid_days,
                self.approval_cap_minutes,
                self.overage_rate,
            )
            < 0
        ):
            raise ValueError("caps, days and rates cannot be negative")
        thresholds = tuple(self.alert_thresholds_percent)
        if any(pct < 1 for pct in thresholds) or list(thresholds) != sorted(set(thresholds)):
            raise ValueError("alert_thresholds_percent: distinct positive percents, ascending")
        object.__setattr__(self, "surcharge_percent", MappingProxyType(dict(self.surcharge_percent)))
        object.__setattr__(self, "alert_thresholds_percent", thresholds)


def billed_minutes(minutes: int, terms: Terms, surcharge: str | None = None) -> int:
    """One entry rounded up to the increment, then surcharged (0% if the contract lists none)."""
    if minutes <= 0:
        raise ValueError("an entry must last more than zero minutes")
    if surcharge is not None and surcharge not in SURCHARGES:
        raise ValueError(f"unknown surcharge {surcharge!r}: expected one of {SURCHARGES}")
    rounded = _ceil_div(minutes, terms.increment_minutes) * terms.increment_minutes
    percent = terms.surcharge_percent.get(surcharge, 0) if surcharge else 0
    return _ceil_div(rounded * (100 + percent), 100)


@dataclass(frozen=True)
class Bucket:
    kind: str
    id: str
    minutes: int
    expires_at: datetime | None = None

    def __post_init__(self) -> None:
        if self.kind not in DRAW_ORDER:
            raise ValueError(f"unknown bucket kind {self.kind!r}: expected one of {DRAW_ORDER}")
        if self.minutes < 0:
            raise ValueError("a bucket's capacity cannot be negative")
        if self.expires_at is not None and self.kind not in ("rollover", "prepaid"):
            raise ValueError("only rollover and prepaid buckets expire")


@dataclass(frozen=True)
class Allocation:
    drawn: dict[str, int]
    by_kind: dict[str, int]
    unfunded_minutes: int
    remaining_minutes: int


def _draw_key(bucket: Bucket) -> tuple[Any, ...]:
    # Soonest expiry first, no expiry last; the bool decides before two expiries are ever compared.
    expiry = bucket.expires_at
    return DRAW_ORDER.index(bucket.kind), expiry is None, expiry or 0, bucket.id


def allocate(used_minutes: int, buckets: Sequence[Bucket], at: datetime | None = None) -> Allocation:
    """Draw the period's billed minutes in DRAW_ORDER; an expired bucket gives and keeps nothing."""
    if used_minutes < 0:
        raise ValueError("used minutes cannot be negative")
    if len({bucket.id for bucket in buckets}) != len(buckets):
        raise ValueError("bucket ids must be unique")
    drawn = {bucket.id: 0 for bucket in buckets}
    by_kind = dict.fromkeys(DRAW_ORDER, 0)
    left, remaining = used_minutes, 0
    for bucket in sorted(buckets, key=_draw_key):
        expired = at is not None and bucket.expires_at is not None and bucket.expires_at <= at
        usable = 0 if expired else bucket.minutes
        take = min(left, usable)
        drawn[bucket.id], left = take, left - take
        by_kind[bucket.kind] += take
        if bucket.kind != "extra":
            remaining += usable - take
    return Allocation(drawn=drawn, by_kind=by_kind, unfunded_minutes=left, remaining_minutes=remaining)


def rollover_minutes(included_minutes: int, drawn_from_included: int, terms: Terms) -> int:
    """Unused plan minutes carried into the next period: at most the cap, never negative."""
    return max(0, min(terms.rollover_cap_minutes, included_minutes - drawn_from_included))


def crossed_thresholds(
    used_before: int, used_after: int, capacity: int, terms: Terms, already_sent: Iterable[int]
) -> list[int]:
    """Thresholds reached by used_after and not yet sent, ascending. used_before is ignored on purpose."""
    del used_before  # for callers' logs only: the answer must not depend on the path taken
    if capacity < 0:
        raise ValueError("capacity cannot be negative")
    sent = set(already_sent)
    # Percents are >= 1, so "used_after > 0" only decides when capacity is 0: every threshold then.
    return [
        pct
        for pct in terms.alert_thresholds_percent
        if used_after > 0 and used_after * 100 >= pct * capacity and pct not in sent
    ]


def overage_amount(extra_minutes: int, terms: Terms) -> int:
    """Minor units for extra minutes at overage_rate an hour, rounded half up."""
    if extra_minutes < 0:
        raise ValueError("extra minutes cannot be negative")
    return (extra_minutes * terms.overage_rate + 30) // 60


_UNITS = {"en": ("hour", "minute"), "es": ("hora", "minuto")}


def _hours(minutes: int, language: str = "en") -> str:
    """90 -> "1 hour 30 minutes", 120 -> "2 hours", 45 -> "45 minutes" ("1 hora 30 minutos" in es)."""
    hour, minute = _UNITS.get(language, _UNITS["en"])
    hours, rest = divmod(minutes, 60)
    parts = [f"{hours} {hour}{'s' * (hours != 1)}"] * bool(hours)
    return " ".join(parts + [f"{rest} {minute}{'s' * (rest != 1)}"] * bool(rest or not hours))


# Why extra time cannot be approved, in each language the client may read it in.
_CANNOT_APPROVE = {
    "en": {
        "zero": "Choose how much extra time to approve: more than zero minutes.",
        "left": "Your plan still has {left} left this period. "
        "Extra time can be approved once the plan's time is used up.",
        "most": "at most {most} more",
        "none": "no more extra time",
        "cap": "You can approve {most} this period (the limit is {cap}).",
    },
    "es": {
        "zero": "Elige cuánto tiempo extra aprobar: más de cero minutos.",
        "left": "A tu plan todavía le quedan {left} en este periodo. "
        "El tiempo extra se puede aprobar cuando se agote el tiempo del plan.",
        "most": "como máximo {most} más",
        "none": "ningún tiempo extra más",
        "cap": "Puedes aprobar {most} en este periodo (el límite es {cap}).",
    },
}
LANGUAGES = tuple(_CANNOT_APPROVE)


def can_approve(
    requested_minutes: int,
    already_approved: int,
    used_minutes: int,
    capacity_without_extra: int,
    terms: Terms,
    language: str = "en",
) -> str | None:
    """None when the client may approve this much extra time now; otherwise why not, for them, in
    `language` (one of LANGUAGES)."""
    words = _CANNOT_APPROVE.get(language, _CANNOT_APPROVE["en"])
    if requested_minutes <= 0:
        return words["zero"]
    if used_minutes < capacity_without_extra:
        return words["left"].format(left=_hours(capacity_without_extra - used_minutes, language))
    approvable = max(0, terms.approval_cap_minutes - already_approved)
    if requested_minutes > approvable:
        most = words["most"].format(most=_hours(approvable, language)) if approvable else words["none"]
        return words["cap"].format(most=most, cap=_hours(terms.approval_cap_minutes, language))
    return None


# Bounded digit counts: nothing long is ever converted, and anything longer is simply not a duration.
_MINUTES = re.compile(r"([0-9]{1,5})\s*m?", re.ASCII)
_CLOCK = re.compile(r"([0-9]{1,2}):([0-5][0-9])", re.ASCII)
_HOURS = re.compile(r"([0-9]{1,3})(?:\.([0-9]{1,6}))?\s*h(?:\s*([0-9]{1,3})\s*m?)?", re.ASCII)
_FORMS = "Write it as minutes (90 or 45m), hours and minutes (1:30, 1h30, 1h 30m) or hours (1.5h)."


def parse_duration(text: str) -> int:
    """Minutes in a duration a person typed; ValueError with what to write instead."""
    cleaned = text.strip().lower()
    if cleaned.startswith("-"):
        raise ValueError(f"A duration cannot be negative. {_FORMS}")
    if match := _MINUTES.fullmatch(cleaned):
        minutes = int(match[1])
    elif match := _CLOCK.fullmatch(cleaned):
        minutes = int(match[1]) * 60 + int(match[2])
    elif match := _HOURS.fullmatch(cleaned):
        whole, fraction, extra = match[1], match[2] or "", match[3]
        if fraction and extra is not None:
            raise ValueError(f"Use either 1.5h or 1h 30m, not both. {_FORMS}")
        if extra is not None and int(extra) >= 60:
            raise ValueError(f"Minutes after the hours must be under 60. {_FORMS}")
        scaled = int(whole + fraction) * 60
        if scaled % 10 ** len(fraction):
            raise ValueError(f"{text.strip()} is not a whole number of minutes. {_FORMS}")
        minutes = scaled // 10 ** len(fraction) + int(extra or 0)
    else:
        raise ValueError(f"{text.strip()!r} is not a duration. {_FORMS}")
    if minutes == 0:
        raise ValueError(f"A duration must be more than zero minutes. {_FORMS}")
    if minutes > MAX_DURATION_MINUTES:
        raise ValueError("A single entry cannot be more than 24 hours: split it into several.")
    return minutes
