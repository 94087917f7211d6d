"""Package size of each function as `sam build` ships it: its CodeUri plus functions/requirements.txt
installed for the template's runtime and architecture (python3.12, arm64), unzipped and zipped.

The dependencies are installed once per requirements file (bench/.cache, keyed by its hash).
"""
from __future__ import annotations

import csv
import hashlib
import json
import subprocess
import sys
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path

from infra.local import template as tpl

from bench.report import Row, size

CACHE = Path(__file__).resolve().parent / ".cache"
# What the Lambda Python runtime already has on its path (boto3 and what only boto3 needs);
# jmespath and urllib3 stay: other packages (Powertools) need them too.
IN_RUNTIME = ("boto3", "botocore", "s3transfer")
# What sam build (aws-lambda-builders) leaves out of a CodeUri.
_SKIPPED = ("__pycache__", ".pytest_cache", ".mypy_cache", ".venv")


def runtime_and_arch(template: dict | None = None) -> tuple[str, str]:
    template = template or tpl.load()
    props = template.get("Globals", {}).get("Function", {})
    runtime = props.get("Runtime", "python3.12")
    arch = (props.get("Architectures") or ["x86_64"])[0]
    return runtime.removeprefix("python"), arch


def install_dependencies(requirements: Path, python_version: str, arch: str) -> Path:
    digest = hashlib.sha256(requirements.read_bytes() + f"{python_version}-{arch}".encode()).hexdigest()[:16]
    target = CACHE / f"deps-{digest}"
    if (target / ".complete").exists():
        return target
    platform = "manylinux2014_aarch64" if arch == "arm64" else "manylinux2014_x86_64"
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-compile",
         "-r", str(requirements), "--target", str(target), "--platform", platform,
         "--python-version", python_version, "--only-binary=:all:", "--implementation", "cp", "--upgrade"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"pip could not install {requirements} for python{python_version} {arch}:\n{done.stderr[-3000:]}")
    (target / ".complete").touch()
    return target


def _files(root: Path):
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if path.is_file() and not any(part in _SKIPPED for part in rel.parts) and path.suffix != ".pyc" \
                and rel.name != ".complete":
            yield path, rel


def _owners(deps: Path) -> dict[str, str]:
    """File (relative path) -> the distribution that installed it, from each *.dist-info/RECORD."""
    owners = {}
    for record in deps.glob("*.dist-info/RECORD"):
        name = record.parent.name.split("-")[0].lower().replace("_", "-")
        with record.open(newline="") as handle:
            for row in csv.reader(handle):
                if row:
                    owners[str(Path(row[0]))] = name
    return owners


def measure_tree(deps: Path, code: Path) -> dict:
    """Unzipped and zipped bytes, in total and per distribution (code counts as `(code)`)."""
    owners = _owners(deps)
    unzipped: dict[str, int] = defaultdict(int)
    zipped: dict[str, int] = defaultdict(int)
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "function.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
            for root, owner_of in ((deps, lambda rel: owners.get(str(rel), "(other)")), (code, lambda rel: "(code)")):
                for path, rel in _files(root):
                    if root == code and (deps / rel).exists():
                        continue
                    zf.write(path, rel)
                    owner = owner_of(rel)
                    unzipped[owner] += path.stat().st_size
        with zipfile.ZipFile(archive) as zf:
            for info in zf.infolist():
                owner = owners.get(info.filename, "(code)" if (code / info.filename).exists() else "(other)")
                zipped[owner] += info.compress_size + 30 + 46 + 2 * len(info.filename.encode())
        total_zipped = archive.stat().st_size
    return {"unzipped": sum(unzipped.values()), "zipped": total_zipped,
            "by_dist": {name: [unzipped[name], zipped.get(name, 0)] for name in unzipped}}


def measure() -> list[Row]:
    specs = tpl.functions()
    python_version, arch = runtime_and_arch()
    results: dict[Path, dict] = {}
    rows = []
    for spec in specs:
        if spec.code_uri not in results:
            requirements = spec.code_uri / "requirements.txt"
            deps = install_dependencies(requirements, python_version, arch)
            results[spec.code_uri] = measure_tree(deps, spec.code_uri)
        found = results[spec.code_uri]
        dists = {k: v for k, v in found["by_dist"].items() if not k.startswith("(")}
        largest, (big_unzipped, big_zipped) = max(dists.items(), key=lambda item: item[1][0])
        second, (second_unzipped, _) = sorted(dists.items(), key=lambda item: -item[1][0])[1]
        saved = [sum(found["by_dist"].get(n, [0, 0])[i] for n in IN_RUNTIME) for i in (0, 1)]
        code_unzipped, code_zipped = found["by_dist"].get("(code)", [0, 0])
        rows.append(Row(
            "Package size", f"{spec.logical_id} (python{python_version}, {arch})",
            f"{size(found['unzipped'])} unzipped, {size(found['zipped'])} zipped; own code {size(code_zipped)} zipped",
            f"largest dependency: {largest} {size(big_unzipped)} ({size(big_zipped)} zipped); next {second} {size(second_unzipped)}",
            f"{', '.join(IN_RUNTIME)} are in the Lambda runtime: leaving them out would save "
            f"{size(saved[0])} unzipped, {size(saved[1])} zipped"))
    return rows


if __name__ == "__main__":  # python -m bench.package: sizes per distribution, largest first
    python_version, arch = runtime_and_arch()
    spec = tpl.functions()[0]
    found = measure_tree(install_dependencies(spec.code_uri / "requirements.txt", python_version, arch), spec.code_uri)
    for name, (u, z) in sorted(found["by_dist"].items(), key=lambda item: -item[1][0]):
        print(f"{name:30} {size(u):>10} {size(z):>10}")
    print(json.dumps({"unzipped": found["unzipped"], "zipped": found["zipped"]}))
