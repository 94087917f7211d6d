"""The whole API's OpenAPI document (config/openapi.json) from every handler's resolver: `make
openapi` writes it (tests/unit/test_openapi_file.py fails until the file matches the routes).
Each function has its own resolver, so this merges the schemas of every handler module in
portal/handlers; no function imports this module at run time."""

from __future__ import annotations

import importlib
import json
import pkgutil
from typing import Any


def build_document() -> dict[str, Any]:
    from aws_lambda_powertools.event_handler.openapi.merge import OpenAPIMerge

    import portal.handlers
    from portal import catalog

    merged = OpenAPIMerge(
        title=f"{catalog.brand().practice_name} client portal API", version="1.0.0", on_conflict="error"
    )
    for module in pkgutil.iter_modules(portal.handlers.__path__):
        handler = importlib.import_module(f"portal.handlers.{module.name}")
        if hasattr(handler, "app"):  # functions not behind the HTTP API have no resolver
            merged.add_schema(handler.app.get_openapi_schema())
    document: dict[str, Any] = json.loads(merged.get_openapi_json_schema())
    return document


def text(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=1, sort_keys=True) + "\n"
