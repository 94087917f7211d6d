"""What each time tracker's detailed CSV export looks like: its column names, how it writes
dates and durations, and which columns tell apart entries of the same content
(portal.ledger.importers reads the files by these)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Spec:
    tool: str
    client: str
    project: str
    description: str  # optional: an export without it imports with empty descriptions
    billable: str
    date: str
    durations: tuple[str, ...]  # in order of preference; the file needs at least one of them
    duration_example: str
    month_first: bool  # MM/DD/YYYY accepted besides YYYY-MM-DD
    date_example: str
    identity: tuple[str, ...]  # optional columns that tell apart entries with the same content
    start_time: str | None  # optional too; normalized, as the user's time-format setting changes it


SPECS = {
    "toggl": Spec(
        "Toggl Track",
        "Client",
        "Project",
        "Description",
        "Billable",
        "Start date",
        ("Duration",),
        "a time like 1:30:00",
        False,
        "a date like 2026-03-25",
        ("User", "Email", "Task"),
        "Start time",
    ),
    "clockify": Spec(
        "Clockify",
        "Client",
        "Project",
        "Description",
        "Billable",
        "Start Date",
        ("Duration (h)", "Duration (decimal)"),
        "a time like 1:30:00",
        True,
        "a date like 2026-03-25 or 03/25/2026 (day-first dates are ambiguous, so only "
        "YYYY-MM-DD and MM/DD/YYYY are read)",
        ("User", "Email", "Task"),
        "Start Time",
    ),
    "harvest": Spec(
        "Harvest",
        "Client",
        "Project",
        "Notes",
        "Billable?",
        "Date",
        ("Hours",),
        "a number of hours like 1.25",
        True,
        "a date like 2026-03-25 or 03/25/2026",
        ("First Name", "Last Name", "Task"),
        None,
    ),
}
