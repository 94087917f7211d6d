"""Properties of the stored ledger over random histories: entries logged, edited and deleted, extra
hours approved, periods closed (each close run once to three times, as duplicated webhooks and
retries would) and time logged after a close. After every history: minutes are conserved, totals
equal the sum of the entries, rollover never exceeds the cap, the overage equals the extra minutes
at the rate, a closed period never changes, and what it hands on arrives in the next period once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from portal import errors
from tests.unit.signin.helpers import ASSISTANT, make_client

# Slow (`make check` leaves it out): property-based (hypothesis) histories of the stored ledger.
pytestmark = pytest.mark.slow

START = datetime.now(UTC).replace(microsecond=0) - timedelta(days=2)
MONTH = timedelta(days=30)

STEP = st.one_of(
    st.tuples(st.just("log"), st.integers(1, 400), st.sampled_from([None, "rush", "evenings_weekends"])),
    st.tuples(st.just("edit"), st.integers(1, 400), st.integers(0, 20)),
    st.tuples(st.just("delete"), st.integers(0, 20)),
    st.tuples(st.just("approve"), st.integers(1, 4)),
    st.tuples(st.just("close"), st.integers(1, 3)),
)


@pytest.fixture
def fresh_email(aws):
    counter = iter(range(10**6))
    return lambda: f"prop{next(counter)}@example.com"


def _move_to(email: str, start: datetime) -> None:
    from portal.models.clients import Client

    Client(email).update(
        actions=[Client.current_period_start.set(start), Client.current_period_end.set(start + MONTH)]
    )


def _check_closed(closed, terms) -> None:
    from portal.ledger import meter, rules, service

    entries = meter.entries_of(closed.pk.split("#", 1)[1], closed.start)
    assert int(closed.used_minutes) == sum(int(e.billed_minutes) for e in entries)
    allocation = rules.allocate(
        int(closed.used_minutes), service.buckets(closed), service._instant(closed.end)
    )
    assert sum(allocation.drawn.values()) + allocation.unfunded_minutes == int(
        closed.used_minutes
    )  # conserved
    assert (
        int(closed.extra_billed_minutes) == allocation.by_kind["extra"] <= int(closed.approved_extra_minutes)
    )
    assert int(closed.overage_amount) == (int(closed.extra_billed_minutes) * terms.overage_rate + 30) // 60
    fresh = [
        b
        for b in closed.rollover_out or []
        if b.expires_at > closed.end
        and service._instant(b.expires_at) - service._instant(closed.end)
        == timedelta(days=terms.rollover_valid_days)
    ]
    assert sum(int(b.minutes) for b in fresh) <= terms.rollover_cap_minutes


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(steps=st.lists(STEP, min_size=1, max_size=14))
@example(
    steps=[
        ("log", 400, None),
        ("log", 400, None),
        ("log", 400, "rush"),
        ("approve", 2),
        ("log", 90, None),
        ("close", 3),
        ("log", 30, None),
    ]
)
@example(steps=[("log", 60, None), ("close", 2), ("close", 1), ("log", 60, None)])
def test_any_history_keeps_the_ledger_exact(fresh_email, steps):
    from portal.ledger import close, entries, extra, meter, service
    from portal.models.ledger import Period, client_pk, period_sk

    email = fresh_email()
    make_client(
        email,
        tier="essentials-10",
        hours_per_month=10,
        retainer_status="active",
        current_period_start=START,
        current_period_end=START + MONTH,
    )
    start, live, closed_starts = START, [], []
    for step in steps:
        r = service.require_retainer(email)
        day = r.start[:10]
        if step[0] == "log":
            live.append(
                entries.log(
                    ASSISTANT,
                    r,
                    day=day,
                    minutes=step[1],
                    service="email",
                    description="x",
                    surcharge=step[2],
                )[0]
            )
        elif step[0] == "edit" and live:
            entries.change(ASSISTANT, live[step[2] % len(live)], {"minutes": step[1]})
        elif step[0] == "delete" and live:
            entries.change(ASSISTANT, live.pop(step[1] % len(live)), None)
        elif step[0] == "approve":
            try:
                extra.approve_extra(email, step[1])
            except errors.DomainError:
                pass  # not at 100% yet, or past the cap: refused, and nothing changed
        elif step[0] == "close":
            params = {"email": email, "start": r.start, "end": r.end, "tier": "essentials-10", "hours": 10}
            before = None
            for _ in range(step[1]):  # duplicated renewals and retries
                close.close(params)
                now = Period.get(client_pk(email), period_sk(r.start), consistent_read=True)
                assert (
                    before is None or now.serialize() == before.serialize()
                )  # a close changes nothing twice
                before = now
            old = live[:1]
            start += MONTH
            _move_to(email, start)
            closed_starts.append(r.start)
            live = []
            if old:  # the closed period's entries never change
                with pytest.raises(errors.Conflict):
                    entries.change(ASSISTANT, old[0], {"minutes": 15})
    r = service.require_retainer(email)
    for closed_start in closed_starts:
        closed = Period.get(client_pk(email), period_sk(closed_start), consistent_read=True)
        assert closed.status == "closed"
        _check_closed(closed, r.terms)
    current = service.period_of(r)
    assert int(current.used_minutes) == sum(int(e.billed_minutes) for e in meter.entries_of(email, r.start))
    if closed_starts and closed_starts[-1] == service._iso(service._instant(r.start) - MONTH):
        last = Period.get(client_pk(email), period_sk(closed_starts[-1]), consistent_read=True)
        assert [(int(b.minutes), b.expires_at) for b in current.rollover] == [
            (b["minutes"], b["expires_at"]) for b in close.carried(last)[0]
        ]  # handed on, once
