"""`make openapi`: rewrites functions/portal/config/openapi.json from the handlers' routes, with
the local environment (the handlers read their settings at import)."""

from __future__ import annotations

import os
import sys

from infra.local import services
from infra.local import template as tpl

if __name__ == "__main__":
    os.environ.update({**services.FAKE_CREDENTIALS, **tpl.local_environment()})
    sys.path.insert(0, str(tpl.ROOT / "functions"))
    from portal import openapi
    from portal.api import OPENAPI_FILE

    OPENAPI_FILE.write_text(openapi.text(openapi.build_document()), encoding="utf-8")
    print(f"written {OPENAPI_FILE.relative_to(tpl.ROOT)}")
