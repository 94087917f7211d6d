"""Puts functions/ on the import path (after what is there), so the stand-in reads the portal's
own pinned Stripe API version rather than pinning one of its own. The tests and `make dev` have it
there already; `python -m infra.stripe_standin...` alone does not."""

import sys
from pathlib import Path

FUNCTIONS = str(Path(__file__).resolve().parents[2] / "functions")
if FUNCTIONS not in sys.path:
    sys.path.append(FUNCTIONS)
