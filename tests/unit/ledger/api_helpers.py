"""A retainer client, the assistant and the client signed in, and the calls the ledger API tests
make as them (test_ledger_api.py, test_ledger_imports_api.py, test_import_batches.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.unit.signin.helpers import make_client

CLIENT = "ada@example.com"
NOW = datetime.now(UTC)
TODAY = NOW.date().isoformat()
MARCH = {
    "current_period_start": datetime(2026, 3, 1, tzinfo=UTC),
    "current_period_end": datetime(2026, 4, 1, tzinfo=UTC),
}


def retainer(email: str = CLIENT, **extra) -> None:
    values = {
        "tier": "professional-20",
        "hours_per_month": 20,
        "retainer_status": "active",
        "current_period_start": NOW - timedelta(days=3),
        "current_period_end": NOW + timedelta(days=27),
    }
    make_client(email, **{**values, **extra})


def call(browser, method: str, path: str, body=None, headers: dict | None = None, raw: bytes | None = None):
    return browser.api.request(method, path, body, headers=browser._headers(headers), raw=raw)


def log(assistant, minutes: int, key: str | None = None, email: str = CLIENT, **extra):
    body = {
        "client_email": email,
        "date": TODAY,
        "minutes": minutes,
        "service": "email",
        "description": "Inbox triage",
        **extra,
    }
    answer = call(
        assistant,
        "POST",
        "/api/practice/time-entries",
        body,
        headers={"idempotency-key": key} if key else None,
    )
    assert answer.status == 201, answer.body
    return answer.json()["id"]


def meter(client) -> dict:
    answer = client.get("/api/me/hours")
    assert answer.status == 200, answer.body
    return answer.json()


def post_import(assistant, format: str, text: str, dry_run: bool):
    return call(
        assistant,
        "POST",
        f"/api/practice/time-entries/import?format={format}&dry_run={str(dry_run).lower()}",
        headers={"content-type": "text/csv"},
        raw=text.encode("utf-8"),
    )
