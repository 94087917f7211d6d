"""The ledger rules on what people ask and type: approving extra hours, durations as written.

Oracles are written independently of the code under test (Fraction arithmetic, a draw order spelled
out again here), so a mutated rule disagrees with them instead of with itself."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from portal.ledger.rules import (
    can_approve,
    parse_duration,
)
from tests.unit.ledger.contract import TERMS

# --- can_approve -----------------------------------------------------------------------------------


def test_approval_at_exactly_100_percent_and_beyond():
    assert can_approve(60, 0, 600, 600, TERMS) is None
    assert can_approve(60, 0, 750, 600, TERMS) is None
    assert can_approve(1, 0, 0, 0, TERMS) is None


def test_no_approval_while_the_plan_has_time_left():
    assert can_approve(60, 0, 599, 600, TERMS) == (
        "Your plan still has 1 minute left this period. Extra time can be approved once the plan's time is "
        "used up."
    )
    assert can_approve(60, 0, 510, 600, TERMS) == (
        "Your plan still has 1 hour 30 minutes left this period. "
        "Extra time can be approved once the plan's time is used up."
    )
    assert "still has 10 hours left" in can_approve(60, 0, 0, 600, TERMS)
    assert "still has 2 hours 1 minute left" in can_approve(60, 0, 479, 600, TERMS)


@pytest.mark.parametrize("requested", [0, -60])
def test_approval_must_ask_for_time(requested):
    assert can_approve(requested, 0, 600, 600, TERMS) == (
        "Choose how much extra time to approve: more than zero minutes."
    )


def test_approval_up_to_the_cap_and_not_a_minute_more():
    assert can_approve(600, 0, 600, 600, TERMS) is None
    assert can_approve(300, 300, 900, 600, TERMS) is None
    assert can_approve(301, 300, 900, 600, TERMS) == (
        "You can approve at most 5 hours more this period (the limit is 10 hours)."
    )
    assert can_approve(601, 0, 600, 600, TERMS) == (
        "You can approve at most 10 hours more this period (the limit is 10 hours)."
    )
    assert can_approve(60, 555, 900, 600, TERMS) == (
        "You can approve at most 45 minutes more this period (the limit is 10 hours)."
    )
    assert can_approve(1, 600, 1200, 600, TERMS) == (
        "You can approve no more extra time this period (the limit is 10 hours)."
    )
    assert can_approve(1, 700, 1300, 600, TERMS) == (
        "You can approve no more extra time this period (the limit is 10 hours)."
    )
    assert can_approve(1, 0, 600, 600, replace(TERMS, approval_cap_minutes=0)) == (
        "You can approve no more extra time this period (the limit is 0 minutes)."
    )
    assert can_approve(61, 0, 600, 600, replace(TERMS, approval_cap_minutes=150)) is None
    assert can_approve(151, 0, 600, 600, replace(TERMS, approval_cap_minutes=150)) == (
        "You can approve at most 2 hours 30 minutes more this period (the limit is 2 hours 30 minutes)."
    )


# --- parse_duration --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("90", 90),
        ("1", 1),
        ("1:30", 90),
        ("0:45", 45),
        ("01:05", 65),
        ("24:00", 1440),
        ("1440", 1440),
        ("1h30", 90),
        ("1h 30m", 90),
        ("1h30m", 90),
        ("1h05", 65),
        ("2h", 120),
        ("24h", 1440),
        ("45m", 45),
        ("45 m", 45),
        (" 45m\n", 45),
        ("1H30M", 90),
        ("1.5h", 90),
        ("0.5h", 30),
        ("1.25h", 75),
        ("1.10h", 66),
        ("0.05h", 3),
        ("1 h", 60),
    ],
)
def test_parse_duration_reads_what_people_type(text, minutes):
    assert parse_duration(text) == minutes


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("0", "more than zero"),
        ("0:00", "more than zero"),
        ("0h", "more than zero"),
        ("0m", "more than zero"),
        ("-30", "cannot be negative"),
        ("-1:30", "cannot be negative"),
        (" -1h", "cannot be negative"),
        ("1441", "more than 24 hours"),
        ("24:01", "more than 24 hours"),
        ("25h", "more than 24 hours"),
        ("24.5h", "more than 24 hours"),
        ("23h 61m", "under 60"),
        ("1h 60m", "under 60"),
        ("1.01h", "not a whole number of minutes"),
        ("1.5h 30m", "not both"),
        ("", "is not a duration"),
        ("abc", "is not a duration"),
        ("1:60", "is not a duration"),
        ("1:5", "is not a duration"),
        ("1,5h", "is not a duration"),
        ("1.5", "is not a duration"),
        ("h", "is not a duration"),
        (":30", "is not a duration"),
        ("1 30", "is not a duration"),
        ("9" * 40, "is not a duration"),
        ("\u0661\u0662", "is not a duration"),
        ("1h30 extra", "is not a duration"),
        ("2 hours", "is not a duration"),
        ("1.h", "is not a duration"),
        (".5h", "is not a duration"),
    ],
)
def test_parse_duration_says_what_to_write_instead(text, reason):
    with pytest.raises(ValueError, match=reason) as caught:
        parse_duration(text)
    if reason != "more than 24 hours":
        assert "Write it as minutes (90 or 45m)" in str(caught.value)


@given(minutes=st.integers(1, 1440))
@example(minutes=1)
@example(minutes=60)
@example(minutes=1440)
def test_every_form_of_a_valid_duration_reads_the_same(minutes):
    hours, rest = divmod(minutes, 60)
    forms = [str(minutes), f"{minutes}m", f"{hours}:{rest:02d}", f"{hours}h{rest:02d}", f"{hours}h {rest}m"]
    if rest % 6 == 0:
        forms.append(f"{hours}.{rest // 6}h")
    assert {parse_duration(form) for form in forms} == {minutes}


@given(minutes=st.integers(1441, 99_999))
@example(minutes=1441)
def test_more_than_a_day_is_refused_in_every_form(minutes):
    for form in (str(minutes), f"{minutes}m"):
        with pytest.raises(ValueError, match="more than 24 hours"):
            parse_duration(form)
