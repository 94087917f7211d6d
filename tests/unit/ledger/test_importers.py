"""The tracker importers: Toggl Track, Clockify and Harvest detailed exports -> TrackedRow / Skipped."""

from __future__ import annotations

import re
from datetime import date

import pytest

from portal.ledger.importers import FORMATS, MAX_ROWS, ImportFormatError, Skipped, TrackedRow, parse
from tests.unit.ledger.importer_helpers import ACME, sample, summary
from tests.unit.ledger.tracker_samples import sample_csv

# --- the sample exports -------------------------------------------------------------------------


def test_toggl_sample():
    parsed = parse("toggl", sample("toggl"))
    assert summary(parsed) == [
        (2, ACME, date(2026, 3, 2), 45, "Inbox triage and calendar clean-up", True),
        (3, ACME, date(2026, 3, 2), 81, "Booked flights LHR → JFK, hotel and car for the offsite", True),
        # The quoted description spans lines 4-5: the next row is numbered by the line it starts on.
        (
            4,
            ("Northwind Traders", "Board meeting"),
            date(2026, 3, 3),
            130,
            'Board pack: "Q1 numbers" formatted\nand sent for review',
            True,
        ),
        (7, ("Errands",), date(2026, 3, 4), 20, "Dry cleaning pick-up", True),
        (8, ACME, date(2026, 3, 4), 45, "Weekly planning call", True),  # past midnight: the start date
        (9, ("Globex",), date(2026, 3, 5), 1, "Expense report", True),  # 40 seconds: one minute
    ]
    assert parsed.skipped == [Skipped(6, "Not billable in Toggl Track.")]


def test_clockify_sample():
    parsed = parse("clockify", sample("clockify"))
    assert summary(parsed) == [
        (2, ACME, date(2026, 3, 2), 45, "Inbox triage and calendar clean-up", True),
        (
            3,
            ("Acme Corp", "Travel"),
            date(2026, 3, 2),
            23,
            "Rebooked train to Leeds, seat reservations",
            True,
        ),
        (
            4,
            ("Northwind Traders", "Board meeting"),
            date(2026, 3, 3),
            150,
            "Minutes for the March board meeting",
            True,
        ),
        (6, ("Globex", "Events"), date(2026, 3, 12), 65, "Venue shortlist for the summer party", True),
        (7, ACME, date(2026, 3, 16), 5, "Expense reports", True),
    ]
    assert parsed.skipped == [Skipped(5, "Not billable in Clockify.")]


def test_harvest_sample():
    parsed = parse("harvest", sample("harvest"))
    assert summary(parsed) == [
        (2, ACME, date(2026, 3, 2), 45, "Inbox triage and calendar clean-up", True),
        (
            3,
            ACME,
            date(2026, 3, 2),
            80,
            "Booked flights LHR → JFK, hotel and car",
            True,
        ),  # Hours, not Rounded
        (
            4,
            ("Northwind Traders", "Board meeting"),
            date(2026, 3, 3),
            131,
            'Board pack formatted; "Q1 numbers" checked',
            True,
        ),
        (6, ("Globex", "Events"), date(2026, 3, 4), 60, "", True),
        (7, ACME, date(2026, 3, 5), 3, "Inbox triage", True),  # 0.05 h * 60 is 3.0000000000000004 in floats
    ]
    assert parsed.skipped == [Skipped(5, "Not billable in Harvest.")]


@pytest.mark.parametrize("format", FORMATS)
def test_bom_crlf_and_trailing_blank_lines_change_nothing(format):
    plain = sample(format).removeprefix("\ufeff")
    expected = parse(format, plain)
    for text in (
        "\ufeff" + plain,
        plain.replace("\n", "\r\n"),
        "\ufeff" + plain.replace("\n", "\r\n"),
        plain + "\n",
        plain.replace("\n", "\r\n") + "\r\n",
    ):
        parsed = parse(format, text)
        assert [(r.row, r.minutes, r.date, r.description.replace("\r\n", "\n")) for r in parsed.rows] == [
            (r.row, r.minutes, r.date, r.description) for r in expected.rows
        ]
        assert parsed.skipped == expected.skipped


@pytest.mark.parametrize("format", FORMATS)
def test_headers_match_case_insensitively_and_ignoring_spaces(format):
    text = sample(format).removeprefix("\ufeff")
    header, rest = text.split("\n", 1)
    shouted = ",".join(f"  {name.upper()} " for name in header.split(","))
    assert summary(parse(format, f"{shouted}\n{rest}")) == summary(parse(format, text))


def test_semicolon_separated_files_from_a_spreadsheet_are_read():
    text = sample("harvest").replace(",", ";")
    assert [r.minutes for r in parse("harvest", text).rows] == [45, 80, 131, 60, 3]


def test_rows_in_every_format_are_frozen_dataclasses():
    row = parse("toggl", sample("toggl")).rows[0]
    assert isinstance(row, TrackedRow) and re.fullmatch(r"[0-9a-f]{64}", row.source_id)
    with pytest.raises(AttributeError):
        row.minutes = 1  # type: ignore[misc]


# --- unusable files -----------------------------------------------------------------------------


def test_a_toggl_file_read_as_clockify_names_the_missing_columns_and_the_likely_tool():
    with pytest.raises(ImportFormatError) as raised:
        parse("clockify", sample("toggl"))
    assert str(raised.value) == (
        "This is not a Clockify detailed export: it lacks the column 'Duration (h)' or 'Duration (decimal)'. "
        "Its columns are those of a Toggl Track export: choose Toggl Track."
    )


def test_a_clockify_file_read_as_toggl():
    with pytest.raises(ImportFormatError) as raised:
        parse("toggl", sample("clockify"))
    assert str(raised.value) == (
        "This is not a Toggl Track detailed export: it lacks the column 'Duration'. "
        "Its columns are those of a Clockify export: choose Clockify."
    )


def test_a_toggl_file_read_as_harvest():
    with pytest.raises(ImportFormatError) as raised:
        parse("harvest", sample("toggl"))
    assert str(raised.value) == (
        "This is not a Harvest detailed export: it lacks the columns 'Billable?', "
        "'Date', 'Hours'. Its columns are those of a Toggl Track export: "
        "choose Toggl Track."
    )


def test_a_file_of_no_known_tool_names_what_is_missing():
    with pytest.raises(ImportFormatError) as raised:
        parse("toggl", "Name,Client,Hours\nSam,Acme,1\n")
    assert str(raised.value) == (
        "This is not a Toggl Track detailed export: it lacks the columns 'Project', 'Billable', 'Start "
        "date', "
        "'Duration'. Export the detailed report from Toggl Track as CSV, unchanged."
    )


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "The file is empty"),
        ("\ufeff \r\n\r\n", "The file is empty"),
        ('{"time_entries": []}', "This is not a CSV export"),
        ("PK\x03\x04\x14\x00\x06\x00", "This is not a CSV file"),
    ],
)
def test_empty_and_non_csv_files(text, message):
    with pytest.raises(ImportFormatError, match=re.escape(message)):
        parse("toggl", text)


def test_an_unknown_format():
    with pytest.raises(
        ImportFormatError, match="Unknown format 'xlsx': choose one of toggl, clockify, harvest."
    ):
        parse("xlsx", sample("toggl"))


@pytest.mark.slow  # parses a 20,000-row file
def test_at_most_20000_rows():
    assert MAX_ROWS == 20_000
    assert len(parse("harvest", sample_csv("harvest", MAX_ROWS)).rows) == MAX_ROWS
    with pytest.raises(ImportFormatError, match="more than 20,000 rows"):
        parse("harvest", sample_csv("harvest", MAX_ROWS + 1))
