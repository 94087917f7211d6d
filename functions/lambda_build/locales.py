"""Which of Babel's locale data a package ships: the CLDR locales of the practice's languages only.

Babel carries about 1,150 locales (some 30 MB); the portal writes in brand.yaml's `languages`, each
with the conventions of the locale `portal/formats.py` names for it (`LOCALES`), which needs that
locale's data, its parents' (es_419 -> es) and `root`. Read from the source without importing it:
the build runs with the standard library only.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

LOCALE_DATA = "babel/locale-data/"


def brand_languages(source: Path) -> list[str]:
    """brand.yaml's `languages:`, as a flow list ([en, es]) or a block list (- en)."""
    text = (source / "portal" / "config" / "brand.yaml").read_text(encoding="utf-8")
    flow = re.search(r"^languages:\s*\[([^\]]*)\]", text, re.MULTILINE)
    if flow:
        return [code.strip().strip("'\"") for code in flow.group(1).split(",") if code.strip()]
    lines = text.splitlines()
    for at, line in enumerate(lines):
        if re.match(r"^languages:\s*$", line):
            items = []
            for item in lines[at + 1 :]:
                listed = re.match(r"^\s+-\s*(\S+)", item)
                if not listed:
                    break
                items.append(listed.group(1).strip("'\""))
            if items:
                return items
    raise ValueError("brand.yaml names no languages")


def format_locales(source: Path) -> dict[str, str]:
    """portal/formats.py's LOCALES (language -> CLDR locale), read as a literal."""
    tree = ast.parse((source / "portal" / "formats.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "LOCALES" for t in node.targets):
            return ast.literal_eval(node.value)
    return {}


def wanted(source: Path) -> frozenset[str]:
    """The locale ids whose data is shipped: each language's locale, its parents, and root."""
    mapping = format_locales(source)
    needed = {"root"}
    for language in brand_languages(source):
        parts = mapping.get(language, language).split("_")
        needed.update("_".join(parts[:n]) for n in range(1, len(parts) + 1))
    return frozenset(needed)


def shipped(rel: str, keep: frozenset[str]) -> bool:
    """Whether a distribution's file goes in: everything but the locale data of other locales."""
    if rel.startswith(LOCALE_DATA) and rel.endswith(".dat"):
        return Path(rel).stem in keep
    return True
