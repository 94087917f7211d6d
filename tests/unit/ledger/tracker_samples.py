"""Valid detailed-report exports of Toggl Track, Clockify and Harvest, built with csv.writer as the
trackers write them (real headers, CRLF line ends), for the importer's tests and the benchmark."""

from __future__ import annotations

import csv
import datetime
import io

HEADERS = {
    "toggl": [
        "User",
        "Email",
        "Client",
        "Project",
        "Task",
        "Description",
        "Billable",
        "Start date",
        "Start time",
        "End date",
        "End time",
        "Duration",
        "Tags",
        "Amount (USD)",
    ],
    "clockify": [
        "Project",
        "Client",
        "Description",
        "Task",
        "User",
        "Group",
        "Email",
        "Tags",
        "Billable",
        "Start Date",
        "Start Time",
        "End Date",
        "End Time",
        "Duration (h)",
        "Duration (decimal)",
        "Billable Rate (USD)",
        "Billable Amount (USD)",
    ],
    "harvest": [
        "Date",
        "Client",
        "Project",
        "Project Code",
        "Task",
        "Notes",
        "Hours",
        "Hours Rounded",
        "Billable?",
        "Invoiced?",
        "Approved?",
        "First Name",
        "Last Name",
        "Roles",
        "Employee?",
        "Billable Rate",
        "Billable Amount",
        "Cost Rate",
        "Cost Amount",
        "Currency",
        "External Reference URL",
    ],
}
RATE = 60.0  # USD an hour


def entry(
    format: str,
    *,
    client: str = "Acme",
    project: str = "Executive support",
    description: str = "Inbox triage",
    day: datetime.date = datetime.date(2026, 3, 2),
    start: datetime.time = datetime.time(9, 0),
    seconds: int = 2700,
    billable: bool = True,
    **overrides: str,
) -> list[str]:
    """One row of `format`'s export. `overrides` replace cells by their header, which has spaces:
    entry("toggl", **{"Start date": "03/02/2026"})."""
    begin = datetime.datetime.combine(day, start)
    end = begin + datetime.timedelta(seconds=seconds)
    hours = seconds / 3600
    clock = f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    yes = "Yes" if billable else "No"
    amount = f"{hours * RATE:.2f}" if billable else "0.00"
    if format == "toggl":
        cells = dict(
            zip(
                HEADERS[format],
                [
                    "Maya Okafor",
                    "maya@example.com",
                    client,
                    project,
                    "",
                    description,
                    yes,
                    day.isoformat(),
                    begin.strftime("%H:%M:%S"),
                    end.date().isoformat(),
                    end.strftime("%H:%M:%S"),
                    clock,
                    "",
                    amount,
                ],
                strict=True,
            )
        )
    elif format == "clockify":
        cells = dict(
            zip(
                HEADERS[format],
                [
                    project,
                    client,
                    description,
                    "",
                    "Maya Okafor",
                    "",
                    "maya@example.com",
                    "",
                    yes,
                    day.strftime("%m/%d/%Y"),
                    begin.strftime("%I:%M %p"),
                    end.strftime("%m/%d/%Y"),
                    end.strftime("%I:%M %p"),
                    clock,
                    f"{hours:.2f}",
                    f"{RATE:.2f}",
                    amount,
                ],
                strict=True,
            )
        )
    elif format == "harvest":
        cells = dict(
            zip(
                HEADERS[format],
                [
                    day.isoformat(),
                    client,
                    project,
                    "ACM-01",
                    "Executive support",
                    description,
                    f"{hours:.2f}",
                    f"{hours:.2f}",
                    yes,
                    "No",
                    "No",
                    "Maya",
                    "Okafor",
                    "Executive Assistant",
                    "Yes",
                    f"{RATE:.2f}",
                    amount,
                    "0.00",
                    "0.00",
                    "United States Dollar - USD",
                    "",
                ],
                strict=True,
            )
        )
    else:
        raise ValueError(format)
    unknown = set(overrides) - set(cells)
    if unknown:
        raise KeyError(f"not {format} columns: {sorted(unknown)}")
    cells.update(overrides)
    return list(cells.values())


def to_csv(format: str, rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)  # CRLF line ends and minimal quoting, like the trackers' exports
    writer.writerow(HEADERS[format])
    writer.writerows(rows)
    return out.getvalue()


def sample_csv(format: str, rows: int, client: str = "Acme") -> str:
    """A valid export of `rows` billable entries for `client`: a few a day from 2026-01-01, 15 to 132
    minutes each (multiples of 3 minutes, so Harvest's two-decimal hours are exact)."""
    first = datetime.date(2026, 1, 1)
    return to_csv(
        format,
        [
            entry(
                format,
                client=client,
                project=("Executive support", "Travel", "Events")[i % 3],
                description=f"Task {i}: inbox, calendar and follow-ups",
                day=first + datetime.timedelta(days=i // 4),
                start=datetime.time(8 + 2 * (i % 4), 0),
                seconds=(15 + 3 * (i % 40)) * 60,
            )
            for i in range(rows)
        ],
    )
