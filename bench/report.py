"""One table for every section: each figure beside its floor or baseline from the same run."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

SECTIONS = ("Cold start", "Package size", "DynamoDB round trips", "Warm latency", "Monthly cost", "Site")


@dataclass
class Row:
    section: str
    subject: str
    measured: str
    floor: str  # the floor or the baseline it is compared with
    note: str = ""


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds >= 0.0095 else f"{seconds * 1000:.1f} ms"


def size(n: float) -> str:
    for unit, scale in (("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n:.0f} B"


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile: with 100 samples p99 is the 99th fastest, never interpolated."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table(rows: list[Row]) -> str:
    lines = ["| Section | What | Measured | Floor / baseline | Notes |", "| --- | --- | --- | --- | --- |"]
    lines += [
        f"| {_cell(r.section)} | {_cell(r.subject)} | {_cell(r.measured)} | {_cell(r.floor)} | "
        f"{_cell(r.note)} |"
        for r in rows
    ]
    return "\n".join(lines)
