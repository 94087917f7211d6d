"""The importer's every skip reason: each row it cannot import, with words a person can act on."""

from __future__ import annotations

from datetime import date

import pytest

from portal.ledger.importers import FORMATS, ImportFormatError, Parsed, parse
from tests.unit.ledger.importer_helpers import one, reason, sample, summary
from tests.unit.ledger.tracker_samples import entry, to_csv

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
