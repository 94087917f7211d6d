"""The contract the ledger rules' tests use (tests/unit/ledger/test_rules*.py), and their days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from portal.ledger.rules import Terms

UTC = UTC
TERMS = Terms(
    increment_minutes=15,
    surcharge_percent={"rush": 25, "evenings_weekends": 50},
    rollover_cap_minutes=120,
    rollover_valid_days=30,
    alert_thresholds_percent=(80, 100),
    approval_cap_minutes=600,
    overage_rate=4500,
)
JAN_1 = datetime(2026, 1, 1, tzinfo=UTC)


def day(n: int) -> datetime:
    return JAN_1 + timedelta(days=n)
