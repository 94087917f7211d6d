"""Each function's package, built the way `sam build` builds it (functions/Makefile runs the same
`lambda_build`), once per bench run, into bench/.cache/packages:

- for Lambda (the template's runtime and architecture: python3.12, arm64), to measure its size;
- for this machine's Python, to import it in the cold-start probes (the arm64 wheels cannot load
  here), beside a stand-in for the runtime's own SDK: boto3 and what it needs, compiled, as the
  Lambda runtime image has them outside the package.

Both compile the bytecode with this Python; its size is the same to a few per cent as 3.12's.
"""

from __future__ import annotations

import shutil
import sys
from functools import lru_cache
from pathlib import Path

from infra.local import template as tpl

ROOT = Path(__file__).resolve().parents[1]
FUNCTIONS = ROOT / "functions"
CACHE = Path(__file__).resolve().parent / ".cache"
if str(FUNCTIONS) not in sys.path:
    sys.path.insert(0, str(FUNCTIONS))

from lambda_build import dists as dists_mod  # noqa: E402 - functions/ is on the path from here on
from lambda_build.package import Built, Target, build, compile_bytecode, install_requirements  # noqa: E402


def handler_module(spec: tpl.FunctionSpec) -> str:
    return spec.handler.rpartition(".")[0]


def lambda_target(template: dict | None = None) -> Target:
    props = (template or tpl.load()).get("Globals", {}).get("Function", {})
    runtime = props.get("Runtime", "python3.12").removeprefix("python")
    return Target.for_lambda(runtime, (props.get("Architectures") or ["x86_64"])[0])


@lru_cache(maxsize=2)
def packages(for_lambda: bool) -> dict[str, Built]:
    """Logical id -> its freshly built package (for Lambda, or for this machine)."""
    target = lambda_target() if for_lambda else Target()
    root = CACHE / "packages" / ("lambda" if for_lambda else "local")
    shutil.rmtree(root, ignore_errors=True)
    return {
        spec.logical_id: build(
            handler_module(spec), root / spec.logical_id, target=target, cache=CACHE / "build"
        )
        for spec in tpl.functions()
    }


@lru_cache(maxsize=1)
def runtime_sdk() -> Path:
    """boto3, botocore, s3transfer and their requirements for this Python, compiled: what the
    Lambda runtime puts on the path after the package. The versions are the requirements' own,
    installed by the package builder's own pip command (lambda_build.package.install_requirements)."""
    installed = dists_mod.installed(install_requirements(Target(), CACHE / "build"))
    pins = [f"{name}=={_version(installed[name].info)}" for name in sorted(dists_mod.IN_RUNTIME)]
    requirements = CACHE / "runtime-sdk" / "requirements.txt"
    requirements.parent.mkdir(parents=True, exist_ok=True)
    requirements.write_text("".join(f"{pin}\n" for pin in pins), encoding="utf-8")
    sdk = install_requirements(Target(), requirements.parent, requirements)  # one folder per set of pins
    if not (sdk / ".compiled").exists():
        compile_bytecode(sdk)
        (sdk / ".compiled").touch()
    return sdk


def _version(info: Path) -> str:
    return info.name.removesuffix(".dist-info").rpartition("-")[2]
