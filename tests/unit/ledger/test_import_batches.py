"""A large tracker export: accepted above the JSON body limit, written in transactions of many rows
with exact totals, alerts once, and rows already there (a concurrent import) skipped, not doubled."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import pytest

from tests.unit.ledger.api_helpers import CLIENT, call, meter, post_import, retainer
from tests.unit.ledger.tracker_samples import entry, to_csv
from tests.unit.signin.helpers import ASSISTANT, sign_in

NOW = datetime.now(UTC)


def _rows(client: str, count: int, minutes: int = 3) -> list[list[str]]:
    """`count` Toggl rows for `client` in the current period, each distinct."""
    return [
        entry(
            "toggl",
            client=client,
            description=f"Task {i} " + "x" * 120,
            day=(NOW - timedelta(days=i % 3)).date(),
            start=datetime.min.time().replace(hour=i % 24, minute=(i // 24) % 60),
            seconds=minutes * 60,
        )
        for i in range(count)
    ]


@pytest.mark.slow  # writes thousands of entries
def test_a_large_export_is_written_in_batches_with_exact_totals(api, sent_mail):
    retainer()
    assistant, client = sign_in(api, sent_mail, ASSISTANT), sign_in(api, sent_mail, CLIENT)
    assert (
        call(
            assistant, "PUT", f"/api/practice/clients/{quote(CLIENT)}/tracker-names", {"names": ["Acme"]}
        ).status
        == 200
    )
    # 250 quarter hours for Acme (62.5 h, past the plan's 20: both alerts) in three transactions, among
    # 1,000 rows of a client nobody mapped (skipped: moto copies its tables on every transaction).
    text = to_csv("toggl", _rows("Acme", 250) + _rows("Unmapped Ltd", 1000))
    assert len(text.encode()) > 256 * 1024  # above the JSON bodies' limit
    done = post_import(assistant, "toggl", text, False)
    assert done.status == 200, done.body[:300]
    assert done.json()["imported"] == 250 and len(done.json()["skipped"]) == 1000
    doc = meter(client)
    assert doc["used_minutes"] == 250 * 15 == sum(e["billed_minutes"] for e in doc["entries"])
    for percent in (80, 100):
        assert len([m for m in sent_mail() if m["to"] == CLIENT and f"{percent}%" in m["subject"]]) == 1
    assert post_import(assistant, "toggl", text, False).json()["imported"] == 0  # again: nothing twice


def test_rows_written_meanwhile_are_skipped_and_the_rest_written(api, sent_mail):
    from portal.ledger import entries, service

    retainer()
    client = sign_in(api, sent_mail, CLIENT)
    r = service.require_retainer(CLIENT)
    day = NOW.date().isoformat()
    rows = [
        dict(
            day=day,
            minutes=30,
            service=None,
            description=f"Row {i}",
            entry_id=f"id{i:02d}",
            source="toggl",
            source_id=f"s{i}",
        )
        for i in range(5)
    ]
    assert entries.log_many(ASSISTANT, r, rows[2:3]) == {}  # another import wrote this one first
    assert entries.log_many(ASSISTANT, r, rows) == {"id02": "Already imported."}
    assert meter(client)["used_minutes"] == 5 * 30
