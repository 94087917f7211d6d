"""The OpenAPI document every function reads (for /api/openapi.json and the 404/405 answers) is a
file, so that no function imports the others' handlers: it must match the routes."""

from portal import api, openapi


def test_the_openapi_file_matches_every_handlers_routes():
    assert api.OPENAPI_FILE.read_text(encoding="utf-8") == openapi.text(openapi.build_document()), (
        "functions/portal/config/openapi.json is out of date: run `make openapi`"
    )


def test_a_405_lists_the_methods_from_the_file_without_importing_other_handlers(monkeypatch):
    import sys

    api.openapi_document.cache_clear()
    monkeypatch.delitem(sys.modules, "portal.handlers.billing", raising=False)
    assert api.allowed_methods("/api/checkout") == ["POST"]
    assert "portal.handlers.billing" not in sys.modules
