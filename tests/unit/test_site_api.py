"""The API foundation through real payload-2.0 events: routes, errors and malformed requests."""

import base64

import pytest

from portal.catalog_document import catalog_document


def test_health(api):
    answer = api.get("/api/health")
    assert answer.status == 200
    assert answer.json()["status"] == "ok"


def test_catalog_is_the_catalog_file(api):
    answer = api.get("/api/catalog")
    assert answer.status == 200
    body = answer.json()
    assert body == catalog_document()
    assert {"id", "name", "summary"} <= set(body["services"][0])
    assert body["tiers"][0]["price"]["interval"] == "month"
    # the contract the ledger applies, as data: what a client page can compute from
    assert set(body["terms"]) == {
        "billing_increment_minutes",
        "alert_thresholds_percent",
        "approval_cap_hours",
    }
    assert set(body["tiers"][0]["rollover"]) == {"max_hours", "valid_days"}
    assert set(body["hourly"]["prepaid_blocks"][0]) == {"hours", "price", "valid_days"}


def test_the_catalog_speaks_the_pages_language(api):
    spanish = api.get("/api/catalog", headers={"Accept-Language": "es"}).json()
    assert spanish == catalog_document("es")
    assert spanish["tiers"][0]["summary"] != catalog_document("en")["tiers"][0]["summary"]


def test_openapi_lists_every_templated_route(api):
    from infra.local import template as tpl

    document = api.get("/api/openapi.json").json()
    assert document["openapi"].startswith("3.")
    for route in tpl.routes():
        if "{proxy+}" in route.path or route.path == "/api/openapi.json":
            continue
        assert route.method.lower() in document["paths"][route.path], route


def test_unknown_api_path_is_a_json_404_with_a_message(api):
    answer = api.get("/api/no-such-thing")
    assert answer.status == 404
    assert "No such endpoint" in answer.json()["message"]


@pytest.mark.parametrize(
    "headers, raw, status",
    [
        ({"content-type": "application/x-www-form-urlencoded"}, b"a=1", 415),
        ({"content-type": "text/plain"}, b"hello", 415),
        ({"content-type": "application/json"}, b"\xff\xfe\xfa", 400),
        ({"content-type": "application/json"}, b"x" * 300_000, 413),
    ],
)
def test_malformed_bodies_get_a_clear_4xx(api, headers, raw, status):
    answer = api.request("POST", "/api/health", headers=headers, raw=raw)
    assert answer.status == status
    assert answer.json()["message"]


def test_non_utf8_base64_body_is_a_400_not_a_500(api):
    event = api.runner.build_event(
        api.runner.match("GET", "/api/catalog")[0],
        {},
        "POST",
        "/api/catalog",
        [("content-type", "application/json")],
        b"",
    )
    event["body"] = base64.b64encode(b"\xff\xfe").decode()
    event["isBase64Encoded"] = True
    from infra.local.runner import LambdaContext, to_response

    answer = to_response(api.runner.handler("SiteApiFunction")(event, LambdaContext("f", 128, 3, "r")))
    assert answer.status == 400


def test_wrong_method_on_a_known_path_is_a_405_naming_the_right_one(api):
    answer = api.request("DELETE", "/api/catalog")
    assert answer.status == 405
    assert answer.headers["allow"] == "GET"
    assert "GET" in answer.json()["message"]


def test_every_route_with_a_body_documents_the_edge_answers(api):
    document = api.get("/api/openapi.json").json()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method in ("post", "put", "patch"):
                assert {"400", "413", "415"} <= set(operation["responses"]), (method, path)
