"""X-Ray tracing of AWS calls, patched where a function first makes one, not at import.

Powertools' `Tracer()` alone patches every library the X-Ray SDK knows (botocore, requests,
httplib, sqlite3, pynamodb ...) when a handler module is imported, which imports each of them:
on Lambda that was a third of the site function's cold start, for a function that calls no AWS
service (`make bench`, bench/RESULTS.md). Powertools keeps a Tracer's first configuration for every
later instance, so the Tracer built here (portal.api imports this module before any handler builds
its own `Tracer()`) turns automatic patching off for all of them; `trace_aws_calls()` then patches
botocore (boto3 and pynamodb both go through it) where the first AWS client or model is made.
"""
from __future__ import annotations

from functools import lru_cache

from aws_lambda_powertools import Tracer

tracer = Tracer(auto_patch=False)


@lru_cache(maxsize=None)
def trace_aws_calls() -> None:
    """Traces every AWS SDK call from now on (a no-op where tracing is off). Idempotent."""
    tracer.patch(["botocore"])
