"""What a handler imports: the project's modules it reaches and the third-party names they import.

Read from the source (ast), never by importing it: the build may run on another Python or
platform than the one the package is for. Every `import` counts, also those inside functions (a
lazy import still has to be in the package), and so does every "package.module:function" string,
the way the outbox names the renderer of each message (portal/outbox/service.py).
"""

from __future__ import annotations

import ast
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

# "portal.bookings.emails:confirmed": a module and a function in it, resolved with importlib.
_DOTTED_CALLABLE = re.compile(r"^([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+):[A-Za-z_]\w*$")
_STDLIB = frozenset(sys.stdlib_module_names) | {"__future__"}


@dataclass
class Closure:
    modules: dict[str, Path] = field(default_factory=dict)  # project module -> its file
    third_party: set[str] = field(default_factory=set)  # top-level import names (yaml, pydantic ...)
    stdlib: set[str] = field(default_factory=set)
    imported: set[str] = field(default_factory=set)  # every dotted name imported outside the project


def module_file(root: Path, name: str) -> Path | None:
    """The file of project module `name` under `root` (a package's __init__.py), or None."""
    base = root.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imported_names(tree: ast.AST, module: str, is_package: bool) -> set[str]:
    names: set[str] = set()
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1])
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            names.add(target)
            # `from portal.bookings import emails` imports a submodule: try each name as one.
            names.update(f"{target}.{alias.name}" for alias in node.names if alias.name != "*")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            match = _DOTTED_CALLABLE.match(node.value)
            if match:
                names.add(match.group(1))
    return names


def closure(root: Path, *entry_modules: str, only: frozenset[str] | None = None) -> Closure:
    """Every project module under `root` that importing `entry_modules` can reach, with the
    packages that hold them, and the third-party and standard-library names those modules import.
    With `only`, modules of other top-level packages count as outside the project (lambda_build.prune
    follows one library's own imports through an installed tree)."""
    found = Closure()
    pending = list(entry_modules)
    while pending:
        name = pending.pop()
        if name in found.modules:
            continue
        inside = only is None or name.partition(".")[0] in only
        path = module_file(root, name) if inside else None
        if path is None:
            top = name.partition(".")[0]
            if inside and module_file(root, top) is not None:
                continue  # `from portal.x import some_function`: not a module, nothing to add
            found.imported.add(name)
            (found.stdlib if top in _STDLIB else found.third_party).add(top)
            continue
        found.modules[name] = path
        parts = name.split(".")
        pending += [".".join(parts[:i]) for i in range(1, len(parts))]  # importing a.b.c runs a and a.b
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        pending += sorted(_imported_names(tree, name, path.name == "__init__.py"))
    return found
