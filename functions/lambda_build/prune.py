"""What a package leaves out of the distributions it ships: each rule with its reason, each checked
by tests/unit/test_packaging.py (README "Per-function packages").

- A requirement no shipped code can reach: dnspython, which email-validator requires for the
  deliverability check (a DNS lookup of the domain's mail servers) that the portal never asks for.
- pyyaml: the build parses the config YAML into JSON (lambda_build/config.py).
- Powertools, module by module: only the modules an import can reach from the ones the function
  imports (lazy imports inside functions included, read with `ast` as the project's own code is),
  not the utilities it never uses (parser models, Kafka, feature flags, data masking ...).
- Files no import reads: type stubs (`*.pyi`, `py.typed`), Swagger UI's assets, pydantic 1 and
  pydantic's mypy plugin.

Checked beyond the tests on 2026-11-28: the unit tests (`-m "not slow"`) pass with the pruned
Powertools, Babel and pydantic of every function's package ahead of the virtual environment's on
PYTHONPATH, but for three that load developer tools the packages never hold (mypy's pydantic plugin;
the SAM translator, which imports pydantic 1).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lambda_build import closure as closure_mod

# (distribution, a requirement of it) -> why that requirement is not shipped with it.
UNUSED_REQUIREMENTS = {
    ("email-validator", "dnspython"): (
        "email_validator imports dns only in its deliverability check (check_deliverability=True, "
        "its default); portal/addresses.py always passes False, and so does pydantic's EmailStr"
    ),
}
# Import names the build does the work of, so the package needs no distribution for them.
DONE_AT_BUILD = {"yaml": "portal/config/*.yaml is parsed into JSON by the build (lambda_build/config.py)"}
# Distributions shipped module by module: those `import` statements can reach from the function's.
# Only where the library imports by statement (a module that imports by name ships its whole folder).
BY_MODULE = {"aws-lambda-powertools": "aws_lambda_powertools", "babel": "babel"}
# Files and folders of a shipped library that no code path of the portal reads.
UNUSED_PATHS = {
    "aws_lambda_powertools/event_handler/openapi/swagger_ui/": (
        "Swagger UI's page and its JavaScript and CSS (1.7 MB), served only by enable_swagger(), "
        "which no function calls"
    ),
    "pydantic/v1/": (
        "pydantic 1's API, imported only by code that imports pydantic.v1 or a pydantic 1 module path, "
        "or that defines a pydantic 1 type (__get_validators__): no shipped code does"
    ),
    "pydantic/mypy.py": "pydantic's mypy plugin: mypy imports it, never the running function",
}
_TYPING_ONLY = ("py.typed",)
_DYNAMIC = ("import_module(", "__import__(", "LazyLoader(")


@dataclass
class Reach:
    """What of the BY_MODULE libraries an import can run (paths relative to the install folder)."""

    files: set[str] = field(default_factory=set)  # their modules' .py files
    folders: set[str] = field(default_factory=set)  # the folders holding those
    code_folders: set[str] = field(default_factory=set)  # every folder of theirs holding a module


def _folder(rel: str) -> str:
    return rel.rpartition("/")[0]


def reachable(installed: Path, imported: set[str]) -> Reach:
    """The modules of the BY_MODULE libraries that importing the `imported` names can run, with
    every module in the folder of one that imports by name (importlib, a lazy loader)."""
    tops = frozenset(BY_MODULE.values())
    entries = [name for name in imported if name.partition(".")[0] in tops]
    found = closure_mod.closure(installed, *entries, only=tops)
    reach = Reach()
    reach.files = {path.relative_to(installed).as_posix() for path in found.modules.values()}
    for path in found.modules.values():
        if any(word in path.read_text(encoding="utf-8") for word in _DYNAMIC):
            reach.files.update(p.relative_to(installed).as_posix() for p in path.parent.rglob("*.py"))
    reach.folders = {_folder(rel) for rel in reach.files}
    for top in tops:
        reach.code_folders.update(
            _folder(p.relative_to(installed).as_posix()) for p in (installed / top).rglob("*.py")
        )
    return reach


def shipped(rel: str, distribution: str, reach: Reach) -> bool:
    """Whether file `rel` of `distribution` goes in the package."""
    name = rel.rpartition("/")[2]
    if name.endswith(".pyi") or name in _TYPING_ONLY:
        return False
    if any(rel.startswith(path) for path in UNUSED_PATHS):
        return False
    top = BY_MODULE.get(distribution)
    if top is None or not rel.startswith(top + "/"):
        return True  # its metadata (*.dist-info) always ships
    if rel.endswith(".py"):
        return rel in reach.files
    # A data file ships beside a module that does, or in a folder of data only (babel/locale-data).
    return _folder(rel) in reach.folders or _folder(rel) not in reach.code_folders
