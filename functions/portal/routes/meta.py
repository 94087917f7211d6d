"""Routes every deployment has: health, the public catalog, and the API's own OpenAPI document."""
from __future__ import annotations

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.api_gateway import Router

from portal import catalog

router = Router()

@router.get("/api/health", summary="Liveness check")
def health() -> dict:
    return {"status": "ok", "practice": catalog.brand().practice_name}


@router.get("/api/catalog", summary="Services, hourly rate and retainer tiers")
def get_catalog() -> dict:
    return catalog.catalog_document()


_openapi_json: str | None = None


@router.get("/api/openapi.json", summary="This API's OpenAPI document", include_in_schema=False)
def openapi_document():
    # Each function has its own resolver: merge the schemas of every handler module in
    # portal/handlers, so the document covers all functions' routes. Built once per container.
    global _openapi_json
    if _openapi_json is None:
        import importlib
        import pkgutil

        from aws_lambda_powertools.event_handler.openapi.merge import OpenAPIMerge

        import portal.handlers

        merged = OpenAPIMerge(title=f"{catalog.brand().practice_name} client portal API",
                              version="1.0.0", on_conflict="error")
        for module in pkgutil.iter_modules(portal.handlers.__path__):
            handler = importlib.import_module(f"portal.handlers.{module.name}")
            if hasattr(handler, "app"):  # functions not behind the HTTP API have no resolver
                merged.add_schema(handler.app.get_openapi_schema())
        _openapi_json = merged.get_openapi_json_schema()
    return Response(status_code=200, content_type=content_types.APPLICATION_JSON, body=_openapi_json)
