"""The importer's source ids (stable across re-parsing, re-exports and a changed time format) and
the property over generated exports."""

from __future__ import annotations

import csv
import io
import math
from datetime import date, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.ledger.importers import FORMATS, parse
from tests.unit.ledger.importer_helpers import one, sample
from tests.unit.ledger.tracker_samples import HEADERS, entry, sample_csv, to_csv

# --- source_id ----------------------------------------------------------------------------------


@pytest.mark.parametrize("format", FORMATS)
def test_source_ids_are_stable_across_re_parsing_and_re_exports(format):
    text = sample(format)
    ids = [r.source_id for r in parse(format, text).rows]
    assert ids == [r.source_id for r in parse(format, text).rows]
    assert len(set(ids)) == len(ids)
    # A re-export: other line ends, no BOM, columns in another order, a new entry before the others.
    header, *records = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    extra = list(records[0])
    extra[header.index("Notes" if format == "harvest" else "Description")] = "A new entry"
    out = io.StringIO()
    csv.writer(out).writerows(row[::-1] for row in [header, extra, *records])
    assert [r.source_id for r in parse(format, out.getvalue()).rows][1:] == ids


def test_source_ids_ignore_columns_that_change_after_the_import():
    # Harvest's Invoiced?/Approved? and the amounts change once the month is billed.
    before = one("harvest").rows[0].source_id
    assert (
        one("harvest", **{"Invoiced?": "Yes", "Approved?": "Yes", "Billable Amount": "99.00"})
        .rows[0]
        .source_id
        == before
    )


def test_source_ids_survive_a_changed_time_format_setting():
    assert (
        one("clockify", **{"Start Time": "01:30 PM"}).rows[0].source_id
        == one("clockify", **{"Start Time": "13:30:00"}).rows[0].source_id
    )


@pytest.mark.parametrize("format", FORMATS)
def test_identical_rows_in_one_file_get_distinct_stable_ids(format):
    text = to_csv(format, [entry(format)] * 3)
    first, second = parse(format, text), parse(format, text)
    ids = [r.source_id for r in first.rows]
    assert len(set(ids)) == 3 and ids == [r.source_id for r in second.rows]
    assert ids[0] == one(format).rows[0].source_id


def test_source_ids_differ_between_formats_and_entries():
    ids = {one(format).rows[0].source_id for format in FORMATS}
    ids |= {one("toggl", description="Other").rows[0].source_id, one("toggl", seconds=2760).rows[0].source_id}
    assert len(ids) == 5


# --- sample_csv and the property ----------------------------------------------------------------


@pytest.mark.parametrize("format", FORMATS)
def test_sample_csv_builds_valid_exports(format):
    parsed = parse(format, sample_csv(format, 50, client="Globex"))
    assert len(parsed.rows) == 50 and parsed.skipped == []
    assert {r.tracker_names[0] for r in parsed.rows} == {"Globex"}
    assert sample_csv(format, 1).startswith(",".join(HEADERS[format]) + "\r\n")


names = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.just("\n"), max_size=30)
entries = st.lists(
    st.tuples(
        st.dates(date(2000, 1, 1), date(2099, 12, 31)),
        st.integers(1, 10_000),  # hundredths of an hour: Harvest's Hours are exact at two decimals
        st.integers(0, 35),  # extra seconds, for the trackers that write H:MM:SS
        names.filter(str.strip),
        names,
        st.times(),
    ),
    min_size=1,
    max_size=15,
)


@settings(max_examples=150, deadline=None)
@given(format=st.sampled_from(FORMATS), rows=entries)
def test_any_valid_export_parses_to_its_dates_and_minutes(format, rows):
    written, expected = [], []
    for day, hundredths, extra, client, description, start in rows:
        seconds = hundredths * 36 + (0 if format == "harvest" else extra)
        written.append(
            entry(
                format,
                client=client,
                description=description,
                day=day,
                start=time(start.hour, start.minute),
                seconds=seconds,
            )
        )
        expected.append((day, math.ceil(seconds / 60), description.strip()[:500].rstrip()))
    parsed = parse(format, to_csv(format, written))
    assert parsed.skipped == []
    assert [(r.date, r.minutes, r.description) for r in parsed.rows] == expected
    assert len({r.source_id for r in parsed.rows}) == len(rows)
