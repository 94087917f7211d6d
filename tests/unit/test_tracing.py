"""X-Ray patching: at most botocore at a handler's import on Lambda (only where the function has
AWS clients or models), never every library X-Ray knows (portal.observability). Run in new processes
with the variables Lambda sets, since Powertools' Tracer only turns on inside Lambda."""

import json
import subprocess
import sys

import pytest

from bench.coldstart import lambda_environment
from infra.local import template as tpl

# Slow (`make check` leaves it out): imports each handler in a fresh interpreter with Lambda's variables.
pytestmark = pytest.mark.slow

_PROBE = """
import importlib, json, sys
from aws_xray_sdk.core import patcher
importlib.import_module(sys.argv[1])
watched = ("requests", "pynamodb", "botocore.client", "sqlite3")
seen = {"loaded": sorted(m for m in watched if m in sys.modules),
        "patched_at_import": sorted(patcher._PATCHED_MODULES)}
import portal.models.clients
seen["patched_after_model"] = sorted(patcher._PATCHED_MODULES)
print(json.dumps(seen))
"""


def _run(spec: tpl.FunctionSpec, extra: dict | None = None) -> dict:
    env = {**lambda_environment(spec), **(extra or {})}
    module = spec.handler.rpartition(".")[0]
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, module], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def _site_function() -> tpl.FunctionSpec:
    return next(s for s in tpl.functions() if s.logical_id == "SiteApiFunction")


def test_the_site_function_patches_nothing_at_import_and_a_model_patches_botocore():
    seen = _run(_site_function())
    assert seen["loaded"] == []  # not requests, pynamodb, botocore's client or sqlite3
    assert seen["patched_at_import"] == []
    assert seen["patched_after_model"] == ["botocore"]


@pytest.mark.parametrize("spec", tpl.functions(), ids=lambda spec: spec.logical_id)
def test_no_function_patches_more_than_botocore(spec):
    assert set(_run(spec)["patched_at_import"]) <= {"botocore"}


def test_tracing_disabled_patches_nothing():
    seen = _run(_site_function(), {"POWERTOOLS_TRACE_DISABLED": "true"})
    assert seen["patched_after_model"] == []
