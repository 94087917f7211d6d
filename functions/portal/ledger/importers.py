"""Parsers for the detailed time-report CSV exports of Toggl Track, Clockify and Harvest.

Pure Python, no AWS: `parse(format, text)` turns an export into the billable entries the ledger can
import (`TrackedRow`) and the rows it cannot, each with a reason a person can act on (`Skipped`).
A file that is unusable as a whole raises `ImportFormatError`.
"""

from __future__ import annotations

import _csv
import csv
import datetime
import hashlib
import io
import json
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from portal.ledger.trackers import SPECS, Spec

FORMATS = ("toggl", "clockify", "harvest")
MAX_ROWS = 20_000
MAX_DESCRIPTION = 500


class ImportFormatError(ValueError):
    """The whole file is unusable; the message says why and what to do."""


@dataclass(frozen=True)
class TrackedRow:
    row: int  # line of the file where the entry starts; the header is line 1
    tracker_names: tuple[str, ...]  # the non-empty of (client, project), as written
    date: datetime.date  # the entry's start date
    minutes: int  # rounded up to the whole minute; always > 0
    description: str
    billable: bool
    source_id: str  # sha256 hex of the entry's content: the same in a re-export of the same entry


@dataclass(frozen=True)
class Skipped:
    row: int
    reason: str


@dataclass(frozen=True)
class Parsed:
    rows: list[TrackedRow]
    skipped: list[Skipped]


# Trackers write H:MM:SS, H:MM or decimal hours depending on the user's display setting.
_CLOCK = re.compile(r"(-?)(\d{1,6}):([0-5]?\d)(?::([0-5]?\d))?")
_DECIMAL = re.compile(r"-?(\d{1,6}(\.\d*)?|\.\d+)")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_TIME_OF_DAY = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]m)?", re.IGNORECASE)
_YES, _NO = {"yes", "true", "1"}, {"no", "false", "0"}


def parse(format: str, text: str) -> Parsed:
    spec = SPECS.get(format)
    if spec is None:
        raise ImportFormatError(f"Unknown format '{format}': choose one of {', '.join(FORMATS)}.")
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise ImportFormatError(f"The file is empty: export the detailed report from {spec.tool} again.")
    if "\x00" in text:
        raise ImportFormatError(
            f"This is not a CSV file (it holds binary data, like a spreadsheet's): "
            f"export the detailed report from {spec.tool} as CSV."
        )
    # A spreadsheet re-saved in some locales separates with ';' or tabs: the header line tells which.
    first_line = re.split(r"[\r\n]", text, maxsplit=1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=max(",;\t", key=first_line.count))
    try:
        header = next(reader)
        columns = {
            name.strip().casefold(): index for index, name in reversed([*enumerate(header)])
        }  # first wins
        _check_columns(format, header, columns)
        return _parse_rows(format, spec, reader, columns)
    except csv.Error as error:
        raise ImportFormatError(
            f"This is not a readable CSV file (line {reader.line_num}: {error})."
        ) from None


def _missing(spec: Spec, columns: dict[str, int]) -> list[str]:
    missing = [
        f"'{name}'"
        for name in (spec.client, spec.project, spec.billable, spec.date)
        if name.casefold() not in columns
    ]
    if not any(name.casefold() in columns for name in spec.durations):
        missing.append(" or ".join(f"'{name}'" for name in spec.durations))
    return missing


def _check_columns(format: str, header: list[str], columns: dict[str, int]) -> None:
    spec = SPECS[format]
    if len(header) < 2:
        raise ImportFormatError(
            f"This is not a CSV export: its first line has no column names separated "
            f"by commas. Export the detailed report from {spec.tool} as CSV."
        )
    missing = _missing(spec, columns)
    if not missing:
        return
    message = (
        f"This is not a {spec.tool} detailed export: it lacks the column{'s' if len(missing) > 1 else ''} "
        f"{', '.join(missing)}."
    )
    likely = [
        SPECS[other].tool for other in FORMATS if other != format and not _missing(SPECS[other], columns)
    ]
    if likely:
        raise ImportFormatError(
            f"{message} Its columns are those of a {likely[0]} export: choose {likely[0]}."
        )
    raise ImportFormatError(f"{message} Export the detailed report from {spec.tool} as CSV, unchanged.")


def _parse_rows(format: str, spec: Spec, reader: _csv.Reader, columns: dict[str, int]) -> Parsed:
    rows: list[TrackedRow] = []
    skipped: list[Skipped] = []
    occurrences: Counter[str] = Counter()
    count, end = 0, reader.line_num
    for record in reader:
        # A quoted field may span lines: a row is numbered by the line it starts on.
        start, end = end + 1, reader.line_num
        if not any(cell.strip() for cell in record):
            continue  # blank lines (a trailing newline, an emptied spreadsheet row) hold nothing
        count += 1
        if count > MAX_ROWS:
            raise ImportFormatError(
                f"The file has more than {MAX_ROWS:,} rows, the most one import takes: "
                f"export a shorter date range from {spec.tool}."
            )
        entry = _read_entry(spec, columns, record, start)
        if isinstance(entry, str):
            skipped.append(Skipped(start, entry))
            continue
        names, day, minutes, description, fingerprint = entry
        content = json.dumps([format, day.isoformat(), minutes, *fingerprint])
        occurrence = occurrences[content]  # two identical entries in one file stay two entries
        occurrences[content] += 1
        source_id = hashlib.sha256(f"{content}#{occurrence}".encode()).hexdigest()
        rows.append(
            TrackedRow(start, names, day, minutes, description[:MAX_DESCRIPTION].rstrip(), True, source_id)
        )
    return Parsed(rows, skipped)


def _read_entry(
    spec: Spec, columns: dict[str, int], record: list[str], row: int
) -> str | tuple[tuple[str, ...], datetime.date, int, str, list[str]]:
    """The entry's (names, date, minutes, description, fingerprint fields), or why it is skipped."""

    def cell(name: str) -> str:
        index = columns.get(name.casefold())
        return record[index].strip() if index is not None and index < len(record) else ""

    billable = cell(spec.billable).casefold()
    if billable in _NO:
        return f"Not billable in {spec.tool}."
    if billable not in _YES:
        return f"{spec.billable} '{cell(spec.billable)}' is neither Yes nor No."
    names = tuple(name for name in (cell(spec.client), cell(spec.project)) if name)
    if not names:
        return f"Neither {spec.client} nor {spec.project} is filled in, so the entry matches no client."
    value = cell(spec.date)
    if not value:
        return f"{spec.date} is empty."
    day = _date(spec, value, row)
    if day is None:
        return f"{spec.date} '{value}' is not {spec.date_example}."
    minutes = _duration(spec, cell)
    if isinstance(minutes, str):
        return minutes
    description = cell(spec.description)
    identity = [*names, description, *map(cell, spec.identity)]
    start_time = _time_of_day(cell(spec.start_time)) if spec.start_time else ""
    return names, day, minutes, description, [*(" ".join(t.split()).casefold() for t in identity), start_time]


def _date(spec: Spec, value: str, row: int) -> datetime.date | None:
    if match := _ISO_DATE.fullmatch(value):
        year, month, day = match.groups()
    elif spec.month_first and (match := _US_DATE.fullmatch(value)):
        month, day, year = match.groups()
    else:
        return None
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        if match.re is _US_DATE and int(month) > 12 >= int(day) > 0:
            # Day-first: every other date like 03/04/2026 in the file would be read wrong, not skipped.
            raise ImportFormatError(
                f"Row {row}: {spec.date} '{value}' is day-first (DD/MM/YYYY), so the dates of this file are "
                f"ambiguous. Set the date format to MM/DD/YYYY or YYYY-MM-DD in {spec.tool} and export "
                f"again."
            ) from None
        return None


def _duration(spec: Spec, cell: Callable[[str], str]) -> int | str:
    """Minutes from the first readable duration column, or why there are none."""
    unreadable = []
    for name in spec.durations:
        value = cell(name)
        if not value:
            continue
        minutes = _minutes(value)
        if minutes is None:
            unreadable.append(f"{name} '{value}'")
        elif minutes <= 0:
            return f"{name} '{value}' is zero or negative, so there is no time to import."
        else:
            return minutes
    if unreadable:
        return f"{unreadable[0]} is not {spec.duration_example}."
    return f"{' and '.join(spec.durations)} {'are' if len(spec.durations) > 1 else 'is'} empty."


def _minutes(value: str) -> int | None:
    """Whole minutes, rounded up; None if the value is no duration."""
    if match := _CLOCK.fullmatch(value):
        sign, hours, minutes, seconds = match.groups()
        total = -(-(int(hours) * 3600 + int(minutes) * 60 + int(seconds or 0)) // 60)
        return -total if sign else total
    if _DECIMAL.fullmatch(value):
        # The epsilon absorbs float noise: 0.05 h * 60 is 3.0000000000000004, which is 3 minutes.
        return math.ceil(float(value) * 60 - 1e-9)
    return None


def _time_of_day(value: str) -> str:
    """09:00 AM and 09:00:00 alike: a changed time-format setting keeps an entry's source_id."""
    match = _TIME_OF_DAY.fullmatch(value)
    if not match:
        return value
    hour, minute, second, half = match.groups()
    hour = int(hour) % 12 + (12 if half.casefold() == "pm" else 0) if half else int(hour)
    return f"{hour:02d}:{minute}:{second or '00'}"
