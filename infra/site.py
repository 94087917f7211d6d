"""Building the MkDocs site: the one command `make site`, `make dev`, `make deploy` and the tests use.

`python -m infra.site` builds it into site/build (strict: a broken link or a missing catalog value
fails the build)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "site" / "mkdocs.yml"
BUILD = ROOT / "site" / "build"


def build(env: dict[str, str] | None = None) -> Path:
    """Builds the site into BUILD with this interpreter's mkdocs; `env` adds variables (SITE_URL)."""
    mkdocs = Path(sys.executable).parent / "mkdocs"
    subprocess.run(
        [str(mkdocs), "build", "--strict", "-f", str(CONFIG)],
        check=True,
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
    )
    return BUILD


if __name__ == "__main__":
    build()
