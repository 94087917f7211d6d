"""Package size of each function as `sam build` ships it: the package functions/Makefile builds
(bench/builds.py builds it the same way, for the template's runtime and architecture), zipped with
deflate as `sam package` does, per distribution from each `*.dist-info/RECORD`.
"""

from __future__ import annotations

import json
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path

from bench import builds
from bench.report import Row, size
from lambda_build import prune

# Issue 13: every function whose package holds no stripe should zip to 3 MB or less.
TARGET_ZIPPED = 3 * 1024 * 1024


def _owners(root: Path) -> dict[str, str]:
    """File (relative path) -> the distribution that installed it; the project's code is `(code)`."""
    owners = {}
    for info in root.glob("*.dist-info"):
        name = info.name.removesuffix(".dist-info").rpartition("-")[0].lower().replace("_", "-")
        for line in (info / "RECORD").read_text(encoding="utf-8").splitlines():
            rel = line.split(",")[0]
            owners[rel] = name
            parent, _, file = rel.rpartition("/")
            if file.endswith(".py"):  # its bytecode, written by the build
                owners[f"{parent}/__pycache__/{file[:-3]}" if parent else f"__pycache__/{file[:-3]}"] = name
    return owners


def _owner(rel: str, owners: dict[str, str]) -> str:
    if rel in owners:
        return owners[rel]
    if "/__pycache__/" in rel or rel.startswith("__pycache__/"):
        stem = rel.rsplit(".", 2)[0]  # pkg/__pycache__/mod.cpython-312.pyc -> pkg/__pycache__/mod
        if stem in owners:
            return owners[stem]
    return "(code)" if rel.startswith("portal/") else "(other)"


def measure_tree(root: Path) -> dict:
    """Unzipped and zipped bytes, in total and per distribution."""
    owners = _owners(root)
    unzipped: dict[str, int] = defaultdict(int)
    zipped: dict[str, int] = defaultdict(int)
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "function.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(root.rglob("*")):
                if path.is_file():
                    rel = str(path.relative_to(root))
                    zf.write(path, rel)
                    unzipped[_owner(rel, owners)] += path.stat().st_size
        with zipfile.ZipFile(archive) as zf:
            for info in zf.infolist():
                zipped[_owner(info.filename, owners)] += (
                    info.compress_size + 30 + 46 + 2 * len(info.filename.encode())
                )
        total_zipped = archive.stat().st_size
    return {
        "unzipped": sum(unzipped.values()),
        "zipped": total_zipped,
        "by_dist": {name: [unzipped[name], zipped.get(name, 0)] for name in unzipped},
    }


def measure() -> list[Row]:
    target = builds.lambda_target()
    architecture = "arm64" if target.machine == "aarch64" else target.machine
    rows = []
    for logical_id, built in builds.packages(for_lambda=True).items():
        found = measure_tree(built.root)
        dists = sorted(
            ((k, v) for k, v in found["by_dist"].items() if not k.startswith("(")), key=lambda kv: -kv[1][1]
        )
        largest = ", ".join(f"{name} {size(z)}" for name, (_, z) in dists[:4])
        code = found["by_dist"].get("(code)", [0, 0])
        has_stripe = "stripe" in built.distributions
        left_out = [req for dist, req in prune.UNUSED_REQUIREMENTS if dist in built.distributions]
        left_out += (
            ["pyyaml (config parsed at build)"] if list(built.root.glob("portal/config/*.yaml.json")) else []
        )
        verdict = (
            "holds stripe: no size target"
            if has_stripe
            else f"target ≤ {size(TARGET_ZIPPED)}: {'met' if found['zipped'] <= TARGET_ZIPPED else 'missed'}"
        )
        rows.append(
            Row(
                "Package size",
                f"{logical_id} (python{target.python_version}, {architecture})",
                f"{size(found['zipped'])} zipped, {size(found['unzipped'])} unzipped; own code "
                f"{size(code[1])} zipped "
                f"({len(built.modules)} modules); {len(built.distributions)} distributions",
                f"{verdict}; largest: {largest}",
                f"ships {', '.join(built.distributions)}; boto3/botocore/s3transfer: the runtime's"
                + (f"; left out (lambda_build/prune.py): {', '.join(left_out)}" if left_out else "")
                + (f"; not compiled: {', '.join(built.not_compiled)}" if built.not_compiled else ""),
            )
        )
    return rows


if __name__ == "__main__":  # python -m bench.package [LogicalId]: sizes per distribution, largest first
    import sys

    wanted = sys.argv[1] if len(sys.argv) > 1 else "BookingFunction"
    found = measure_tree(builds.packages(for_lambda=True)[wanted].root)
    for name, (u, z) in sorted(found["by_dist"].items(), key=lambda item: -item[1][1]):
        print(f"{name:30} {size(u):>10} {size(z):>10}")
    print(json.dumps({"unzipped": found["unzipped"], "zipped": found["zipped"]}), file=sys.stdout)
