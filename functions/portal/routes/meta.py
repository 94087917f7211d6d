"""Routes every deployment has: health, the public catalog, and the API's own OpenAPI document."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.api_gateway import Router

from portal import api, catalog, language
from portal.catalog_document import catalog_document

router = Router()


@router.get("/api/health", summary="Liveness check")
def health() -> dict[str, Any]:
    return {"status": "ok", "practice": catalog.brand().practice_name}


@router.get("/api/catalog", summary="Services, hourly rate and retainer tiers")
def get_catalog() -> dict[str, Any]:
    return catalog_document(language.of_request(router.current_event.headers))


@router.get("/api/openapi.json", summary="This API's OpenAPI document", include_in_schema=False)
def openapi_document():  # type: ignore[no-untyped-def]  # its answer is documented by `responses`, not a return annotation
    return Response(status_code=200, content_type=content_types.APPLICATION_JSON, body=api.openapi_json())
