"""The tracker importers: Toggl Track, Clockify and Harvest detailed exports -> TrackedRow / Skipped."""

from __future__ import annotations

import csv
import io
import math
import re
from datetime import date, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.ledger.importers import FORMATS, MAX_ROWS, ImportFormatError, Parsed, Skipped, TrackedRow, parse
from tests.conftest import EVENTS
from tests.unit.ledger.tracker_samples import HEADERS, entry, sample_csv, to_csv

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


# --- every skip reason --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "format, tool", [("toggl", "Toggl Track"), ("clockify", "Clockify"), ("harvest", "Harvest")]
)
def test_non_billable_rows_are_skipped(format, tool):
    assert reason(format, billable=False) == f"Not billable in {tool}."


@pytest.mark.parametrize(
    "format, column", [("toggl", "Billable"), ("clockify", "Billable"), ("harvest", "Billable?")]
)
def test_a_billable_cell_that_is_neither_yes_nor_no(format, column):
    assert reason(format, **{column: "Maybe"}) == f"{column} 'Maybe' is neither Yes nor No."
    assert reason(format, **{column: ""}) == f"{column} '' is neither Yes nor No."


@pytest.mark.parametrize("format", FORMATS)
def test_rows_with_neither_client_nor_project(format):
    assert reason(format, client="", project="  ") == (
        "Neither Client nor Project is filled in, so the entry matches no client."
    )


@pytest.mark.parametrize("format", FORMATS)
def test_client_or_project_alone_is_enough(format):
    assert one(format, client="", project="Acme retainer").rows[0].tracker_names == ("Acme retainer",)
    assert one(format, client=" Acme ", project="").rows[0].tracker_names == ("Acme",)


@pytest.mark.parametrize(
    "format, overrides, expected",
    [
        ("toggl", {"Duration": "1:xx"}, "Duration '1:xx' is not a time like 1:30:00."),
        (
            "toggl",
            {"Duration": "00:00:00"},
            "Duration '00:00:00' is zero or negative, so there is no time to import.",
        ),
        (
            "toggl",
            {"Duration": "-00:15:00"},
            "Duration '-00:15:00' is zero or negative, so there is no time to import.",
        ),
        ("toggl", {"Duration": "1:75:00"}, "Duration '1:75:00' is not a time like 1:30:00."),
        ("toggl", {"Duration": ""}, "Duration is empty."),
        (
            "clockify",
            {"Duration (h)": "soon", "Duration (decimal)": ""},
            "Duration (h) 'soon' is not a time like 1:30:00.",
        ),
        (
            "clockify",
            {"Duration (h)": "", "Duration (decimal)": ""},
            "Duration (h) and Duration (decimal) are empty.",
        ),
        (
            "clockify",
            {"Duration (h)": "00:00:00"},
            "Duration (h) '00:00:00' is zero or negative, so there is no time to import.",
        ),
        ("harvest", {"Hours": "1,5"}, "Hours '1,5' is not a number of hours like 1.25."),
        ("harvest", {"Hours": "0"}, "Hours '0' is zero or negative, so there is no time to import."),
        ("harvest", {"Hours": "-0.50"}, "Hours '-0.50' is zero or negative, so there is no time to import."),
        ("harvest", {"Hours": ""}, "Hours is empty."),
    ],
)
def test_bad_zero_and_negative_durations(format, overrides, expected):
    assert reason(format, **overrides) == expected


@pytest.mark.parametrize(
    "format, overrides, expected",
    [
        ("toggl", {"Start date": "03/02/2026"}, "Start date '03/02/2026' is not a date like 2026-03-25."),
        ("toggl", {"Start date": "2026-02-30"}, "Start date '2026-02-30' is not a date like 2026-03-25."),
        ("toggl", {"Start date": ""}, "Start date is empty."),
        (
            "clockify",
            {"Start Date": "02.03.2026"},
            "Start Date '02.03.2026' is not a date like 2026-03-25 or 03/25/2026 (day-first dates are "
            "ambiguous, so "
            "only YYYY-MM-DD and MM/DD/YYYY are read).",
        ),
        (
            "clockify",
            {"Start Date": "13/13/2026"},
            "Start Date '13/13/2026' is not a date like 2026-03-25 or 03/25/2026 (day-first dates are "
            "ambiguous, so "
            "only YYYY-MM-DD and MM/DD/YYYY are read).",
        ),
        (
            "harvest",
            {"Date": "March 2, 2026"},
            "Date 'March 2, 2026' is not a date like 2026-03-25 or 03/25/2026.",
        ),
    ],
)
def test_bad_dates(format, overrides, expected):
    assert reason(format, **overrides) == expected


@pytest.mark.parametrize("format, column", [("clockify", "Start Date"), ("harvest", "Date")])
def test_month_first_and_iso_dates_are_read(format, column):
    assert one(format, **{column: "2026-03-25"}).rows[0].date == date(2026, 3, 25)
    assert one(format, **{column: "3/5/2026"}).rows[0].date == date(2026, 3, 5)


def test_a_day_first_clockify_file_is_refused_rather_than_read_with_days_and_months_swapped():
    # 03/04 would silently become March 4 although the file means 3 April: refuse the whole file.
    rows = [
        entry("clockify", **{"Start Date": "03/04/2026"}),
        entry("clockify", **{"Start Date": "25/04/2026"}),
    ]
    with pytest.raises(
        ImportFormatError, match=r"Row 3: Start Date '25/04/2026' is day-first \(DD/MM/YYYY\)"
    ):
        parse("clockify", to_csv("clockify", rows))


def test_clockify_falls_back_to_the_decimal_duration():
    assert one("clockify", **{"Duration (h)": "", "Duration (decimal)": "1.50"}).rows[0].minutes == 90
    assert one("clockify", **{"Duration (h)": "n/a", "Duration (decimal)": "0.25"}).rows[0].minutes == 15


def test_clockify_works_without_the_h_column():
    text = sample("clockify").replace("Duration (h),", "Ignored,")
    assert [r.minutes for r in parse("clockify", text).rows] == [45, 23, 150, 65, 5]  # 0.37 h is 22.2 -> 23


@pytest.mark.parametrize(
    "value, minutes",
    [
        ("00:30:00", 30),
        ("0:30:01", 31),
        ("00:00:01", 1),
        ("1:30", 90),
        ("25:00:00", 1500),
        ("1.5", 90),
        ("0.25", 15),
        ("0.01", 1),
        ("1.", 60),
        (".5", 30),
    ],
)
def test_duration_spellings_trackers_write(value, minutes):
    # Toggl and Clockify write H:MM:SS, H:MM or decimal hours, after the user's display setting.
    assert one("toggl", Duration=value).rows[0].minutes == minutes


def test_descriptions_are_stripped_and_cut_at_500_characters():
    assert one("toggl", description=" " + "x" * 600 + " ").rows[0].description == "x" * 500
    assert one("toggl", description="x" * 499 + " y").rows[0].description == "x" * 499  # no trailing space
    assert one("harvest", description="\tcall notes\n").rows[0].description == "call notes"


def test_rows_shorter_than_the_header_are_read_as_far_as_they_go():
    text = to_csv("harvest", []) + "2026-03-02,Acme,Retainer,,,Call,0.5,0.5,Yes\n"
    assert summary(parse("harvest", text)) == [(2, ("Acme", "Retainer"), date(2026, 3, 2), 30, "Call", True)]


def test_blank_and_emptied_rows_anywhere_are_ignored_silently():
    header, row = to_csv("toggl", [entry("toggl")]).splitlines()
    parsed = parse("toggl", "\r\n".join([header, row, "", "," * 13, row, "", ""]))
    assert [r.row for r in parsed.rows] == [2, 5] and parsed.skipped == []


def test_a_header_only_export_has_nothing_to_import():
    assert parse("harvest", to_csv("harvest", [])) == Parsed([], [])


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
