"""`make bench` on a small size: it runs end to end and its table has every section, a row for each
function of template.yaml, each registered operation and each page. Numbers are not asserted."""

import subprocess
import sys

import pytest

from bench.operations import OPERATIONS
from bench.report import SECTIONS
from bench.site import PAGES
from infra.local import template as tpl
from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def test_bench_prints_and_writes_one_table_with_every_section(tmp_path):
    output = tmp_path / "RESULTS.md"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench",
            "--runs",
            "1",
            "--iterations",
            "2",
            "--size",
            "5",
            "--no-lighthouse",
            "--output",
            str(output),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    text = output.read_text()
    assert text.strip() in done.stdout  # what it prints is what it writes
    rows = [line for line in text.splitlines() if line.startswith("| ")][2:]  # after the header and its rule
    cells = [[cell.strip() for cell in row.strip("|").split(" | ")] for row in rows]
    assert all(len(row) == 5 and all(row[:4]) for row in cells), rows  # no empty figure or floor
    assert {row[0] for row in cells} == set(SECTIONS)
    for spec in tpl.functions():
        assert sum(row[1].startswith(spec.logical_id) for row in cells) == 2  # cold start and package size
    for op in OPERATIONS:
        assert sum(row[1].startswith(op.name + ":") or row[1].startswith(op.name + ",") for row in cells) == 2
    for name, path in PAGES:
        assert any(row[0] == "Site" and f"`{path}`" in row[1] for row in cells), name
