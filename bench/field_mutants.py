"""The rules model's Field bounds and defaults as mutants: mutmut 3 mutates function bodies only,
and `Field(default=30, gt=0, le=240)` sits in a class body. Each number there is moved one step
either way and each strict bound swapped with its non-strict twin (gt<->ge, le<->lt); a mutant is
killed when tests/unit/booking/test_rules_model.py fails against it. Used by bench/mutants.py."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = Path("functions/portal/bookings/rules.py")
TESTS = "tests/unit/booking/test_rules_model.py"
_ARGUMENT = re.compile(r"\b(default|gt|ge|le|lt)=(\d+)")
_TWIN = {"gt": "ge", "ge": "gt", "le": "lt", "lt": "le"}


def mutants(lines: list[str]) -> list[tuple[int, str]]:
    """(line index, mutated line) for every numeric argument of every Field(...) line."""
    found = []
    for index, line in enumerate(lines):
        if "Field(" not in line:
            continue
        for match in _ARGUMENT.finditer(line):
            name, number = match[1], int(match[2])
            changes = [f"{name}={number + 1}", f"{name}={number - 1}"]
            changes += [f"{_TWIN[name]}={number}"] if name in _TWIN else []
            found += [(index, line[: match.start()] + change + line[match.end() :]) for change in changes]
    return found


def _survives(copy: Path, lines: list[str], index: int, mutated: str) -> bool:
    changed = list(lines)
    changed[index] = mutated
    (copy / SOURCE).write_text("".join(changed))
    # Plugins not loaded (a third of a second each run instead of four): the test file needs none.
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-x",
            "--noconftest",
            "-p",
            "no:cacheprovider",
            "-o",
            f"pythonpath={copy / 'functions'} .",
            TESTS,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"},
    )
    return run.returncode == 0


def run(max_children: int = 2) -> tuple[int, list[str]]:
    """(killed, surviving lines) over every Field mutant, in max_children copies of functions/."""
    lines = (ROOT / SOURCE).read_text().splitlines(keepends=True)
    todo = mutants(lines)
    with tempfile.TemporaryDirectory() as scratch:
        copies = []
        for n in range(max_children):
            copies.append(Path(scratch) / str(n))
            shutil.copytree(ROOT / "functions", copies[-1] / "functions")

        def check(worker: int) -> list[str]:
            return [
                mutated.strip()
                for index, mutated in todo[worker::max_children]
                if _survives(copies[worker], lines, index, mutated)
            ]

        with ThreadPoolExecutor(max_children) as pool:
            survivors = [line for found in pool.map(check, range(max_children)) for line in found]
    return len(todo) - len(survivors), survivors
