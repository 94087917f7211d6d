"""The README's "How it is laid out" and the code agree: every path it names exists, and every
top-level module and package of functions/portal is named there."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PORTAL = ROOT / "functions" / "portal"


def layout_block() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## How it is laid out", 1)[1]
    return section.split("```", 2)[1]


def named_paths() -> list[str]:
    """The paths of the layout block: top-level ones as written, indented ones under functions/portal/
    or site/ (the block's two nested trees)."""
    paths, parent = [], ""
    for line in layout_block().splitlines():
        if not line.strip() or line.startswith(" " * 10):  # a wrapped description
            continue
        first = line.split()[0]
        if not line.startswith(" "):
            parent = first if first.endswith("/") else ""
            paths.append(first)
            continue
        words = line.split()
        names = [words[0]]
        while names[-1].endswith(",") and len(words) > len(names):  # "api.py, errors.py  what they are"
            names.append(words[len(names)])
        paths += [parent + name.rstrip(",") for name in names]
    return paths


def test_every_path_the_layout_names_exists():
    missing = [path for path in named_paths() if not (ROOT / path.rstrip("/")).exists()]
    assert not missing, f"the README's layout names paths that do not exist: {missing}"


def test_every_top_level_module_of_the_portal_is_named():
    named = {
        Path(p.rstrip("/")).relative_to("functions/portal").parts[0]
        for p in named_paths()
        if p.startswith("functions/portal/") and p != "functions/portal/"
    }
    modules = {
        p.name if p.is_dir() else p.stem
        for p in PORTAL.iterdir()
        if not p.name.startswith(("_", ".")) and (p.is_dir() or p.suffix == ".py")
    }
    named_stems = {Path(n).stem for n in named}
    assert modules <= named_stems, f"the README's layout misses {sorted(modules - named_stems)}"
