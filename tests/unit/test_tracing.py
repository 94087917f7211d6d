"""X-Ray patching: nothing at a handler's import on Lambda, botocore once a function makes a client
or model (portal.tracing). Run in new processes with the variables Lambda sets, since Powertools'
Tracer only turns on inside Lambda."""
import json
import subprocess
import sys

from bench.coldstart import lambda_environment
from infra.local import template as tpl

_PROBE = """
import importlib, json, sys
from aws_xray_sdk.core import patcher
importlib.import_module("portal.handlers.site_api")
seen = {"handler": sorted(m for m in ("requests", "pynamodb", "botocore.client", "sqlite3") if m in sys.modules),
        "patched_at_import": sorted(patcher._PATCHED_MODULES)}
import portal.models.clients
seen["patched_after_model"] = sorted(patcher._PATCHED_MODULES)
print(json.dumps(seen))
"""


def _run(extra: dict | None = None) -> dict:
    spec = next(s for s in tpl.functions() if s.logical_id == "SiteApiFunction")
    env = {**lambda_environment(spec), **(extra or {})}
    done = subprocess.run([sys.executable, "-c", _PROBE], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_handler_import_patches_nothing_and_a_model_patches_botocore():
    seen = _run()
    assert seen["handler"] == []  # not requests, pynamodb, botocore's client or sqlite3
    assert seen["patched_at_import"] == []
    assert seen["patched_after_model"] == ["botocore"]


def test_tracing_disabled_patches_nothing():
    seen = _run({"POWERTOOLS_TRACE_DISABLED": "true"})
    assert seen["patched_after_model"] == []
