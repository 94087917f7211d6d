"""Reading one row or one sample export with the importer, for its tests (test_importer*.py)."""

from __future__ import annotations

from portal.ledger.importers import Parsed, parse
from tests.conftest import EVENTS
from tests.unit.ledger.tracker_samples import entry, to_csv

ACME = ("Acme Corp", "Executive support")


def sample(format: str) -> str:
    # newline="" keeps the file's bytes (and the BOM Toggl writes), as an upload would arrive.
    with open(EVENTS / "tracker" / f"{format}_detailed.csv", encoding="utf-8", newline="") as file:
        return file.read()


def summary(parsed: Parsed) -> list[tuple]:
    return [(r.row, r.tracker_names, r.date, r.minutes, r.description, r.billable) for r in parsed.rows]


def one(format: str, **overrides: str) -> Parsed:
    return parse(format, to_csv(format, [entry(format, **overrides)]))


def reason(format: str, **overrides: str) -> str:
    parsed = one(format, **overrides)
    assert parsed.rows == [] and len(parsed.skipped) == 1, parsed
    assert parsed.skipped[0].row == 2
    return parsed.skipped[0].reason
