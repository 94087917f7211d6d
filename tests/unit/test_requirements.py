"""functions/requirements.txt (what `sam build` ships) pins what pyproject.toml declares."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_lambda_requirements_match_the_project():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    shipped = [
        line.strip()
        for line in (ROOT / "functions" / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert sorted(shipped) == sorted(declared)
