"""Cold start: a new Python process importing a function's handler module from its package (as
functions/Makefile builds it for `sam build`, bench/builds.py), as Lambda's runtime does at init,
beside `import boto3` (the floor every Python function pays) measured the same way. The process
sees the package and the runtime's SDK only (`python -S`: no site-packages), as /var/task and
the runtime's own path, so a module the package lacks fails the probe.

The environment is the function's own from template.yaml (the deployed values, local table names),
fake credentials, and the variables Lambda sets (LAMBDA_TASK_ROOT, AWS_LAMBDA_FUNCTION_NAME ...):
libraries change what they do at import when they see them (Powertools' Tracer turns on and patches
modules; the X-Ray SDK skips its sampling-rules client), so without them the figure would be wrong.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bench import builds
from bench.report import Row, median, ms
from infra.local import services
from infra.local import template as tpl

# Logical id -> median cold import (seconds) from the last measure(), for the monthly bill.
MEASURED: dict[str, float] = {}
# Issue 13: each function's cold import at most 1.5× `import boto3` (billing: boto3 + stripe).
TARGET_RATIO = 1.5

# Modules whose presence after the import is worth reporting (stripe: only where Stripe is called).
WATCHED = ("stripe", "icalendar", "pynamodb", "boto3", "botocore", "requests")

_PROBE = """
import importlib, json, sys, time
{prelude}
start, cpu = time.perf_counter(), time.process_time()
{statement}
elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
print(json.dumps({{"import": elapsed, "cpu": cpu, "modules": len(sys.modules),
                   "loaded": [m for m in {watched!r} if m in sys.modules]}}))
"""


def lambda_environment(spec: tpl.FunctionSpec, package: Path | None = None) -> dict[str, str]:
    """The function's environment; with `package`, its path is that package then the runtime's SDK."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "POWERTOOLS_", "LAMBDA_", "PYTHON"))
    }
    env.update(services.FAKE_CREDENTIALS)
    env.update(tpl.local_environment())
    root = package or spec.code_uri
    env.update(
        {
            "PYTHONPATH": os.pathsep.join([str(root), str(builds.runtime_sdk())]),
            "LAMBDA_TASK_ROOT": str(root),
            "AWS_LAMBDA_FUNCTION_NAME": spec.logical_id,
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(spec.memory),
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_EXECUTION_ENV": "AWS_Lambda_python3.12",
            "_HANDLER": spec.handler,
        }
    )
    return env


_STRIPE_WORDS = ("stripe", "billing", "checkout")


def calls_stripe(spec: tpl.FunctionSpec, routes: list[tpl.Route]) -> bool:
    """The billing function, told by its name, its handler or its routes (/api/stripe/...)."""
    names = [spec.logical_id.lower(), spec.handler.lower()]
    names += [r.path.lower() for r in routes if r.function == spec.logical_id]
    return any(word in name for name in names for word in _STRIPE_WORDS)


# Without the build's bytecode (as a plain `sam build` shipped it: /var/task is read-only, so
# Lambda compiled every module of the package at each cold start), for comparison. This prelude
# makes the package's modules compile from source, never from a .pyc; the runtime's SDK keeps its own.
_COMPILE_PACKAGE = """
import importlib.machinery as _m
class _FromSource(_m.SourceFileLoader):
    def get_code(self, fullname):
        path = self.get_filename(fullname)
        return self.source_to_code(self.get_data(path), path)
_roots = (__import__("os").environ["LAMBDA_TASK_ROOT"],)
_hook = _m.FileFinder.path_hook(
    (_m.ExtensionFileLoader, _m.EXTENSION_SUFFIXES), (_FromSource, _m.SOURCE_SUFFIXES)
)
def _package_only(path):
    if path.startswith(_roots):
        return _hook(path)
    raise ImportError(path)
sys.path_hooks.insert(0, _package_only)
sys.path_importer_cache.clear()
sys.dont_write_bytecode = True
"""


_COMPILE_FLAG = "BENCH_COMPILE_PACKAGE"


def _once(statement: str, env: dict[str, str]) -> tuple[float, dict]:
    compile_package = env.get(_COMPILE_FLAG) == "1"
    code = _PROBE.format(
        statement=statement, watched=WATCHED, prelude=_COMPILE_PACKAGE if compile_package else ""
    )
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-S", "-c", code], env=env, capture_output=True, text=True)
    total = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"cold start probe failed ({statement}):\n{done.stderr[-3000:]}")
    return total, json.loads(done.stdout.strip().splitlines()[-1])


def probe_all(probes: dict[str, tuple[str, dict[str, str]]], runs: int) -> dict[str, dict]:
    """Median import time (inside the process) and process time (outside) over `runs` new
    processes each. The probes take turns, so a busy moment on the machine hits them alike."""
    samples: dict[str, list] = {name: [] for name in probes}
    for _ in range(runs):
        for name, (statement, env) in probes.items():
            samples[name].append(_once(statement, env))
    found = {}
    for name, runs_of in samples.items():
        last = runs_of[-1][1]
        found[name] = {
            "import": median([r[1]["import"] for r in runs_of]),
            "cpu": median([r[1]["cpu"] for r in runs_of]),
            "process": median([r[0] for r in runs_of]),
            "modules": last["modules"],
            "loaded": last["loaded"],
        }
    return found


def measure(runs: int) -> list[Row]:
    specs = tpl.functions()
    routes = tpl.routes()
    built = builds.packages(for_lambda=False)
    base_env = lambda_environment(specs[0], built[specs[0].logical_id].root)
    probes = {"(pass)": ("pass", base_env), "(boto3)": ("import boto3", base_env)}
    for spec in specs:
        env = lambda_environment(spec, built[spec.logical_id].root)
        probes[spec.logical_id] = (f"importlib.import_module({builds.handler_module(spec)!r})", env)
        probes[spec.logical_id + " (no .pyc)"] = probes[spec.logical_id][0], {**env, _COMPILE_FLAG: "1"}
        if calls_stripe(spec, routes) and "(boto3 + stripe)" not in probes:
            probes["(boto3 + stripe)"] = ("import boto3, stripe", env)
    results = probe_all(probes, runs)
    empty, floor = results["(pass)"], results["(boto3)"]
    rows = []
    for spec in specs:
        module = builds.handler_module(spec)
        found = results[spec.logical_id]
        compiling = results[spec.logical_id + " (no .pyc)"]
        stripe = "stripe" in found["loaded"]
        wants_stripe = calls_stripe(spec, routes)
        # The floor counts stripe only where the function calls Stripe and needs it at init.
        base, base_name = (
            (results["(boto3 + stripe)"], "import boto3, stripe")
            if wants_stripe and stripe
            else (floor, "import boto3")
        )
        ratio = found["cpu"] / base["cpu"]
        MEASURED[spec.logical_id] = found["import"]
        floor_text = (
            f"{base_name}: {ms(base['import'])}, CPU {ms(base['cpu'])}; ×{ratio:.2f} in CPU time "
            f"(target ≤ ×{TARGET_RATIO}: {'met' if ratio <= TARGET_RATIO else 'missed'}); "
            f"`python -S -c pass` {ms(empty['process'])}"
        )
        note = (
            f"without the build's bytecode: import {ms(compiling['import'])}, CPU {ms(compiling['cpu'])}; "
            f"{found['modules']} modules; loads "
            f"{', '.join(found['loaded']) or 'none of ' + ', '.join(WATCHED)}"
        )
        if stripe and not wants_stripe:
            note += " — stripe imported where Stripe is never called"
        rows.append(
            Row(
                "Cold start",
                f"{spec.logical_id} (`{module}`), median of {runs}",
                f"import {ms(found['import'])}, CPU {ms(found['cpu'])} (process {ms(found['process'])}); "
                f"stripe: {'yes' if stripe else 'no'}",
                floor_text,
                note,
            )
        )
    return rows
