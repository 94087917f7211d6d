"""One function's package: the project modules its handler reaches, the distributions they need
(nothing the Lambda runtime already has), and their bytecode, compiled now.

Lambda cannot write `__pycache__` (/var/task is read-only), so a package without bytecode is
compiled at every cold start. The bytecode is written as "unchecked-hash" pycs: Python loads them
without comparing the source's timestamp, which a zip archive rounds to two seconds and would
otherwise make every pyc look stale.
"""

from __future__ import annotations

import hashlib
import py_compile
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from lambda_build import closure as closure_mod
from lambda_build import config as config_mod
from lambda_build import dists as dists_mod
from lambda_build import locales as locales_mod
from lambda_build import prune

SOURCE = Path(__file__).resolve().parents[1]  # functions/: the CodeUri
REQUIREMENTS = SOURCE / "requirements.txt"


@dataclass(frozen=True)
class Target:
    """Where the package runs: None fields mean this interpreter's own platform."""

    python_version: str = f"{sys.version_info.major}.{sys.version_info.minor}"
    platform: str | None = None  # a pip --platform tag, e.g. manylinux2014_aarch64
    machine: str = "x86_64"

    @classmethod
    def for_lambda(cls, python_version: str, architecture: str) -> Target:
        machine = "aarch64" if architecture == "arm64" else "x86_64"
        return cls(python_version, f"manylinux2014_{machine}", machine)


@dataclass
class Built:
    root: Path
    modules: list[str] = field(default_factory=list)  # project modules shipped
    distributions: list[str] = field(default_factory=list)
    not_compiled: list[str] = field(default_factory=list)


def install_requirements(target: Target, cache: Path, requirements: Path = REQUIREMENTS) -> Path:
    """Every distribution of `requirements` for `target`, installed once into `cache` (keyed by
    the file's content and the target): the set each function's package is chosen from."""
    key = hashlib.sha256(requirements.read_bytes() + repr(target).encode()).hexdigest()[:16]
    installed = cache / f"deps-{key}"
    if (installed / ".complete").exists():
        return installed
    shutil.rmtree(installed, ignore_errors=True)
    command = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--no-compile",
        "--only-binary=:all:",
        "--target",
        str(installed),
        "-r",
        str(requirements),
    ]
    if target.platform:
        command += [
            "--platform",
            target.platform,
            "--python-version",
            target.python_version,
            "--implementation",
            "cp",
        ]
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"pip could not install {requirements} for {target}:\n{done.stderr[-3000:]}")
    (installed / ".complete").touch()
    return installed


# Folders of a distribution's test suite: never imported by the library itself.
_TEST_FOLDERS = frozenset({"tests", "test"})


def _shipped(rel: str) -> bool:
    parts = rel.split("/")
    return "__pycache__" not in parts and not _TEST_FOLDERS.intersection(parts[1:-1])


def _copy(source: Path, destination: Path) -> None:
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, destination)


def _data_files(package_dir: Path):
    """A package's files that are not Python (config YAML ...), and whole data folders in it."""
    for path in package_dir.iterdir():
        if path.is_file() and path.suffix not in (".py", ".pyc"):
            yield path
        elif path.is_dir() and path.name != "__pycache__" and not any(path.rglob("*.py")):
            yield from (p for p in path.rglob("*") if p.is_file())


def compile_bytecode(root: Path) -> list[str]:
    """Compiles every .py under `root` with this interpreter; returns those that failed."""
    failed = []
    for path in sorted(root.rglob("*.py")):
        try:
            py_compile.compile(
                str(path), doraise=True, invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH
            )
        except py_compile.PyCompileError:
            failed.append(str(path.relative_to(root)))
    return failed


def build(
    handler_module: str,
    out: Path,
    *,
    target: Target,
    cache: Path,
    ship_sdk: bool = False,
    source: Path = SOURCE,
    requirements: Path = REQUIREMENTS,
) -> Built:
    found = closure_mod.closure(source, handler_module)
    installed = install_requirements(target, cache, requirements)
    dists = dists_mod.installed(installed)
    imports = found.third_party | dists_mod.late_imports(found.imported | found.stdlib)
    leave_out = frozenset() if ship_sdk else dists_mod.IN_RUNTIME
    chosen = dists_mod.needed(
        imports - set(prune.DONE_AT_BUILD),
        dists,
        dists_mod.requested_extras(requirements),
        dists_mod.runtime_environment(target.python_version, target.machine),
        leave_out,
        frozenset(prune.UNUSED_REQUIREMENTS),
    )
    out.mkdir(parents=True, exist_ok=True)
    keep = locales_mod.wanted(source)  # Babel's data for brand.yaml's languages only
    reach = prune.reachable(installed, found.imported)  # Powertools and Babel: the modules imports reach
    for name in sorted(chosen):
        dist = dists[name]
        for rel in dist.files:
            if (
                _shipped(rel)
                and prune.shipped(rel, name, reach)
                and locales_mod.shipped(rel, keep)
                and (installed / rel).is_file()
            ):
                _copy(installed / rel, out / rel)
    for path in found.modules.values():
        _copy(path, out / path.relative_to(source))
        if path.name == "__init__.py":
            for data in _data_files(path.parent):
                _copy(data, out / data.relative_to(source))
    config_mod.compile_config(out / "portal" / "config", installed, source)
    return Built(out, sorted(found.modules), sorted(chosen), compile_bytecode(out))
