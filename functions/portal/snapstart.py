"""Lambda SnapStart hooks (template parameter SnapStart; README "SnapStart").

With SnapStart a cold start restores a memory snapshot of a function initialised once, at deploy.
What the snapshot holds is shared by every copy restored from it, so:
- `random`'s state would repeat in every copy: it is re-seeded after each restore (tokens and
  secrets come from `secrets`, which reads the kernel each time, and are safe either way);
- a network connection opened before the snapshot would be stale after it: AWS clients are made
  lazily, on the first request (portal.aws, portal.models), and the caches are emptied after a
  restore in case priming made one.
Priming runs one request through the resolver before the snapshot (an unknown path: no AWS call),
so the routes' validation is built in the snapshot rather than on the first visitor's request.
Outside a SnapStart function the runtime module is absent and nothing is registered.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from typing import Any


def _reset_after_restore() -> None:
    random.seed()
    # Only what this function loaded: importing the others here would put them in every package.
    for module, cache in (("portal.aws", "client"), ("portal.models", "_connection")):
        loaded = sys.modules.get(module)
        if loaded is not None:
            getattr(loaded, cache).cache_clear()


def register(prime: Callable[[], object] | None = None) -> bool:
    """Registers the restore hook, and `prime` to run before the snapshot; False off SnapStart."""
    try:
        from snapshot_restore_py import register_after_restore, register_before_snapshot
    except ImportError:  # not in a Lambda Python runtime (local runner, tests)
        return False
    if prime is not None:
        register_before_snapshot(prime)
    register_after_restore(_reset_after_restore)
    return True


def priming_event(path: str = "/api/snapstart-priming") -> dict[str, Any]:
    """An HTTP API payload-2.0 request for a path no route has: answered 404 with no AWS call."""
    return {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": "",
        "headers": {},
        "requestContext": {
            "http": {"method": "GET", "path": path, "sourceIp": "127.0.0.1", "userAgent": "priming"},
            "requestId": "snapstart-priming",
            "stage": "$default",
            "timeEpoch": 0,
        },
        "isBase64Encoded": False,
    }
