"""Importing a tracker's 5,000-row detailed export (Toggl Track's columns) into the ledger, through
the API as the assistant does it: a dry run, then the import, rows per second; beside what one
DynamoDB Local round trip per row would allow (rows are written up to 96 to a transaction)."""

from __future__ import annotations

import datetime
import time

from bench.operations import Context
from bench.portal_operations import CLIENT, _as, _retainer_session
from bench.report import Row
from tests.unit.ledger.tracker_samples import entry, to_csv

ROWS = 5000
TRACKER_CLIENT = "Bench Co"


def sample(rows: int, day: datetime.date) -> str:
    """`rows` billable Toggl rows of 15 minutes on `day` and the day before, each distinct."""
    return to_csv(
        "toggl",
        [
            entry(
                "toggl",
                client=TRACKER_CLIENT,
                description=f"Bench task {i}",
                day=day - datetime.timedelta(days=i % 2),
                start=datetime.time(i % 24, (i // 24) % 60),
                seconds=900,
            )
            for i in range(rows)
        ],
    )


def measure(runner, round_trip: float, rows: int = ROWS) -> list[Row]:
    from infra.local.inprocess import InProcessApi

    ctx = Context(api=InProcessApi(runner, deliver_outbox=False), size=0, state={"iterations": 0})
    _retainer_session(ctx)
    headers = _as("assistant")
    names = ctx.api.request(
        "PUT",
        f"/api/practice/clients/{CLIENT}/tracker-names",
        headers=headers(ctx, 0),
        body={"names": [TRACKER_CLIENT]},
    )
    assert names.status == 200, names.body
    text = sample(rows, datetime.datetime.now(datetime.UTC).date()).encode("utf-8")
    found = []
    for dry_run in ("true", "false"):
        started = time.perf_counter()
        answer = ctx.api.request(
            "POST",
            f"/api/practice/time-entries/import?format=toggl&dry_run={dry_run}",
            headers={**headers(ctx, 1), "content-type": "text/csv"},
            raw=text,
        )
        seconds = time.perf_counter() - started
        assert answer.status == 200, answer.body[:500]
        assert answer.json()["imported"] == rows, answer.json()["skipped"][:3]
        found.append(seconds)
    ceiling = 1 / round_trip
    return [
        Row(
            "Warm latency",
            f"import {rows:,} Toggl rows, dry run",
            f"{rows / found[0]:,.0f} rows/s ({found[0]:.1f} s)",
            "parse and match only",
            "no write: what the assistant sees before importing",
        ),
        Row(
            "Warm latency",
            f"import {rows:,} Toggl rows",
            f"{rows / found[1]:,.0f} rows/s ({found[1]:.1f} s)",
            f"{ceiling:,.0f} rows/s at one round trip a row",
            "up to 96 rows a transaction, with the period's totals (versioned) so alerts stay exact; "
            "must finish within the PortalFunction's 29 s timeout",
        ),
    ]
