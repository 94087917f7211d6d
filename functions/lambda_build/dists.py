"""Which installed distributions a function needs: those providing the names its code imports,
and what they require in turn (Requires-Dist, with markers evaluated for the Lambda runtime and
the extras functions/requirements.txt asks for), read from an installed directory's metadata.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from email.parser import Parser
from pathlib import Path

try:  # the build's own Python may be a bare one: pip always carries packaging
    from packaging.requirements import Requirement
except ImportError:  # pragma: no cover - depends on the interpreter sam build uses
    from pip._vendor.packaging.requirements import Requirement

# What the Lambda Python runtime already has on its path, and stays out of every package unless
# the build is told to ship it (README "Per-function packages": why the runtime's SDK is used).
IN_RUNTIME = frozenset({"boto3", "botocore", "s3transfer"})
# Modules only the Lambda runtime provides (no distribution is installed for them).
RUNTIME_MODULES = frozenset({"snapshot_restore_py"})
# Imported by a library at run time rather than by an import statement of ours: zoneinfo reads
# the tzdata package when the system has no zone files (the Lambda runtime image has none), and
# pydantic imports email_validator when an EmailStr field validates.
LATE_IMPORTS = {"zoneinfo": "tzdata", "pydantic.EmailStr": "email_validator"}


def late_imports(imported: set[str]) -> set[str]:
    return {late for name, late in LATE_IMPORTS.items() if name in imported}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass
class Dist:
    name: str  # canonical
    info: Path  # its *.dist-info directory
    files: list[str] = field(default_factory=list)  # paths relative to the install directory
    requires: list[str] = field(default_factory=list)


def installed(root: Path) -> dict[str, Dist]:
    found = {}
    for info in sorted(root.glob("*.dist-info")):
        meta = Parser().parsestr((info / "METADATA").read_text(encoding="utf-8"))
        dist = Dist(canonical(meta["Name"]), info, requires=meta.get_all("Requires-Dist") or [])
        with (info / "RECORD").open(newline="", encoding="utf-8") as handle:
            dist.files = [row[0] for row in csv.reader(handle) if row and not row[0].startswith("..")]
        found[dist.name] = dist
    return found


def providers(dists: dict[str, Dist]) -> dict[str, str]:
    """Top-level import name -> the distribution that installs it."""
    names = {}
    for dist in dists.values():
        for path in dist.files:
            top, _, rest = path.partition("/")
            if top.endswith((".dist-info", ".data")) or top in ("__pycache__", "bin"):
                continue
            if rest:  # a package directory
                names.setdefault(top, dist.name)
            elif top.endswith((".py", ".so")):  # a single-file module (six.py, _cffi_backend.*.so)
                names.setdefault(top.split(".")[0], dist.name)
    return names


def requested_extras(requirements: Path) -> dict[str, set[str]]:
    """Distribution -> extras asked for in a requirements file (aws-lambda-powertools[tracer])."""
    extras: dict[str, set[str]] = {}
    for line in requirements.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):
            requirement = Requirement(line)
            extras[canonical(requirement.name)] = set(requirement.extras)
    return extras


def runtime_environment(python_version: str, machine: str) -> dict[str, str]:
    return {
        "python_version": python_version,
        "python_full_version": f"{python_version}.0",
        "sys_platform": "linux",
        "platform_system": "Linux",
        "platform_machine": machine,
        "os_name": "posix",
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
    }


def needed(
    imports: set[str],
    dists: dict[str, Dist],
    extras: dict[str, set[str]],
    environment: dict[str, str],
    leave_out: frozenset[str] = IN_RUNTIME,
    unused: frozenset[tuple[str, str]] = frozenset(),
) -> set[str]:
    """The distributions that `imports` (top-level names) need, `leave_out` and what only they
    require excluded, and `unused` requirements ((distribution, requirement) pairs) not followed.
    A name nothing installed provides is an error: the package would lack it."""
    by_name = providers(dists)
    imports = imports - RUNTIME_MODULES
    missing = sorted(name for name in imports if name not in by_name)
    if missing:
        raise LookupError(
            f"no installed distribution provides {', '.join(missing)}: add it to requirements.txt"
        )
    pending = [(by_name[name], extras.get(by_name[name], set())) for name in sorted(imports)]
    chosen: set[str] = set()
    while pending:
        name, wanted = pending.pop()
        if name in leave_out or name in chosen:
            continue
        chosen.add(name)
        for text in dists[name].requires:
            requirement = Requirement(text)
            marker = requirement.marker
            if marker is None or any(
                marker.evaluate({**environment, "extra": extra}) for extra in wanted | {""}
            ):
                child = canonical(requirement.name)
                if (
                    child in dists and (name, child) not in unused
                ):  # not installed: pip found it unneeded on this platform
                    pending.append((child, extras.get(child, set()) | set(requirement.extras)))
    return chosen
