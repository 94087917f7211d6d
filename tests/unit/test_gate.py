"""The gate runs the linters: `make test` (what CI runs) and `make check` run ruff (lint and format
check) and mypy before the tests, and both tools, with this repository's settings, refuse what they
are there to refuse (an unused `# noqa`, an unformatted file, an untyped function in the portal)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CONFIG = ROOT / "pyproject.toml"


def planned(target: str) -> list[str]:
    """The commands `make <target>` would run, in order (make -n runs nothing)."""
    done = subprocess.run(
        ["make", "-n", "-o", ".venv/.installed", target], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return done.stdout.splitlines()


def position(commands: list[str], needle: str) -> int:
    return next(i for i, command in enumerate(commands) if needle in command)


def test_ci_runs_make_test():
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert "make test" in [line.strip() for line in lines]


def test_make_test_and_make_check_lint_and_type_check_before_the_tests():
    for target, tests in (("test", "-m pytest"), ("check", '-m pytest tests/unit -m "not slow"')):
        commands = planned(target)
        pytest_at = position(commands, tests)
        for tool in ("ruff check .", "ruff format --check .", "bin/mypy"):
            assert position(commands, tool) < pytest_at, (target, tool, commands)


def ruff(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "ruff"), *args, "--config", str(CONFIG), "."], cwd=cwd, capture_output=True, text=True
    )


def test_ruff_reports_an_unused_noqa_and_an_unformatted_file(tmp_path):
    (tmp_path / "sample.py").write_text("import os  # noqa: F401, E501\nx = {'a':1}\n")
    lint = ruff("check", "--no-cache", cwd=tmp_path)
    assert lint.returncode == 1 and "RUF100" in lint.stdout and "E501" in lint.stdout, lint.stdout
    assert ruff("format", "--check", "--no-cache", cwd=tmp_path).returncode == 1


def test_mypy_is_strict_on_the_portal_package(tmp_path):
    """An untyped function in functions/portal fails the type check."""
    portal = tmp_path / "functions" / "portal"
    portal.mkdir(parents=True)
    (portal / "__init__.py").write_text("")
    (portal / "sample.py").write_text("def double(value):\n    return value * 2\n")
    done = subprocess.run(
        [
            str(BIN / "mypy"),
            "--config-file",
            str(CONFIG),
            "--no-incremental",
            "--cache-dir",
            str(tmp_path / "cache"),
            "functions/portal/sample.py",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1 and "[no-untyped-def]" in done.stdout, done.stdout
