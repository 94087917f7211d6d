"""An hourly client's ended month closes on the OutboxFunction's daily schedule, not only when the
next month is first written: the statement arrives the day after the month ends, once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.unit.billing.test_prepaid import EMAIL, _buy, _log
from tests.unit.signin.helpers import ASSISTANT, sign_in


def _statements(sent_mail) -> list[dict]:
    return [m for m in sent_mail() if m["to"] == EMAIL and "statement" in m["subject"]]


@pytest.fixture
def hourly_month(api, billing, deliver, sent_mail):
    """An hourly client with a block of 5 hours and 2 hours logged this month; their month."""
    _buy(api, billing, deliver, hours=5)
    assistant, sam = sign_in(api, sent_mail, ASSISTANT), sign_in(api, sent_mail, EMAIL)
    assert _log(assistant, 120).status == 201
    return sam, sam.get("/api/me/hours").json()["period"]


def _deliver_all(api) -> None:
    """Each delivery may queue more (the close queues its statement email), as the stream would."""
    while api.outbox.stream_once():
        pass


def _at(text: str, **later) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")) + timedelta(**later)


def test_the_schedule_closes_an_ended_month_once_and_sends_its_statement(
    api, hourly_month, sent_mail, monkeypatch
):
    from portal.ledger import service

    sam, month = hourly_month
    monkeypatch.setattr(service, "now", lambda: _at(month["end"], minutes=15))
    assert api.outbox.close_months() == {"queued": 1, "already_queued": 0, "closed": 0}
    _deliver_all(api)
    assert len(_statements(sent_mail)) == 1
    hours = sam.get("/api/me/hours").json()
    assert [s["period_start"] for s in hours["statements"]] == [month["start"]]
    assert (hours["prepaid_minutes"], hours["used_minutes"]) == (180, 0)  # the block's rest moves on
    # The next day's run, and the first write of the new month, change nothing.
    assert api.outbox.close_months() == {"queued": 0, "already_queued": 0, "closed": 1}
    assert _log(sign_in(api, sent_mail, ASSISTANT), 30, on=_at(month["end"], days=1)).status == 201
    _deliver_all(api)
    assert len(_statements(sent_mail)) == 1


def test_a_month_not_over_and_a_queued_close_are_left_alone(api, hourly_month, sent_mail, monkeypatch):
    from portal.ledger import months, service

    _sam, month = hourly_month
    monkeypatch.setattr(service, "now", lambda: _at(month["end"], minutes=-1))
    assert api.outbox.close_months() == {"queued": 0, "already_queued": 0, "closed": 0}
    after = _at(month["end"], hours=1)
    api.deliver_outbox = False
    assert months.close_ended(after)["queued"] == 1
    assert months.close_ended(after) == {"queued": 0, "already_queued": 1, "closed": 0}  # a retried run
    assert _statements(sent_mail) == []


def test_retainer_clients_are_not_its_business(api, billing, checkout, deliver, monkeypatch):
    from portal.ledger import months

    session = checkout("essentials-10", "rita@example.com")
    for event in billing.pay(session):
        assert deliver(event).status == 200
    later = datetime.now(UTC) + timedelta(days=40)
    assert months.close_ended(later) == {"queued": 0, "already_queued": 0, "closed": 0}


def test_last_month_is_the_calendar_month_before():
    from portal.ledger import months

    assert months.last_month(datetime(2027, 1, 1, 0, 15, tzinfo=UTC)) == (
        "2026-12-01T00:00:00Z",
        "2027-01-01T00:00:00Z",
    )
    assert months.last_month(datetime(2026, 3, 31, 23, 0, tzinfo=UTC))[0] == "2026-02-01T00:00:00Z"
