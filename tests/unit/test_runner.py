"""The local runner builds events the way API Gateway's HTTP API (payload 2.0) does."""

import base64
import json

import pytest

from infra.local import template as tpl
from infra.local.runner import LocalApi, to_response

TEMPLATE = {
    "Globals": {"Function": {"CodeUri": "functions/", "Environment": {"Variables": {"A": "1"}}}},
    "Resources": {
        "Exact": {
            "Type": "AWS::Serverless::Function",
            "Properties": {
                "Handler": "x.h",
                "Events": {
                    "E": {"Type": "HttpApi", "Properties": {"Path": "/api/items/special", "Method": "GET"}}
                },
            },
        },
        "Param": {
            "Type": "AWS::Serverless::Function",
            "Properties": {
                "Handler": "x.h",
                "Events": {
                    "E": {"Type": "HttpApi", "Properties": {"Path": "/api/items/{id}", "Method": "GET"}}
                },
            },
        },
        "Greedy": {
            "Type": "AWS::Serverless::Function",
            "Properties": {
                "Handler": "x.h",
                "Events": {
                    "E": {"Type": "HttpApi", "Properties": {"Path": "/api/{proxy+}", "Method": "ANY"}}
                },
            },
        },
    },
}


@pytest.fixture
def runner():
    return LocalApi(TEMPLATE)


@pytest.mark.parametrize(
    "method, path, function, params",
    [
        ("GET", "/api/items/special", "Exact", {}),
        ("GET", "/api/items/42", "Param", {"id": "42"}),
        ("POST", "/api/items/42", "Greedy", {"proxy": "items/42"}),
        ("GET", "/api/a/b/c", "Greedy", {"proxy": "a/b/c"}),
    ],
)
def test_exact_beats_parameter_beats_greedy(runner, method, path, function, params):
    route, found = runner.match(method, path)
    assert (route.function, found) == (function, params)


def test_unknown_path_is_api_gateways_json_404(runner):
    answer = runner.invoke("GET", "/elsewhere", [])
    assert answer.status == 404 and json.loads(answer.body) == {"message": "Not Found"}


def test_event_has_the_payload_2_fields(runner):
    route, params = runner.match("GET", "/api/items/7")
    event = runner.build_event(
        route,
        params,
        "GET",
        "/api/items/7?a=1&a=2&b=",
        [("X-Thing", "one"), ("x-thing", "two"), ("Cookie", "s=1; t=2"), ("User-Agent", "pytest")],
        b"",
    )
    assert event["version"] == "2.0"
    assert event["routeKey"] == "GET /api/items/{id}"
    assert event["rawPath"] == "/api/items/7" and event["rawQueryString"] == "a=1&a=2&b="
    assert event["queryStringParameters"] == {"a": "1,2", "b": ""}
    assert event["headers"]["x-thing"] == "one,two" and "cookie" not in event["headers"]
    assert event["cookies"] == ["s=1", "t=2"]
    assert event["pathParameters"] == {"id": "7"}
    context = event["requestContext"]
    assert context["http"] == {
        "method": "GET",
        "path": "/api/items/7",
        "protocol": "HTTP/1.1",
        "sourceIp": "127.0.0.1",
        "userAgent": "pytest",
    }
    assert context["stage"] == "$default" and context["requestId"]
    assert context["timeEpoch"] > 1_600_000_000_000  # milliseconds
    assert event["isBase64Encoded"] is False and "body" not in event


def test_binary_body_is_base64_encoded(runner):
    route, params = runner.match("GET", "/api/items/7")
    event = runner.build_event(
        route, params, "POST", "/api/items/7", [("content-type", "application/octet-stream")], b"\x00\xff"
    )
    assert event["isBase64Encoded"] is True
    assert base64.b64decode(event["body"]) == b"\x00\xff"


def test_text_body_is_passed_as_is(runner):
    route, params = runner.match("GET", "/api/items/7")
    event = runner.build_event(
        route, params, "POST", "/api/items/7", [("content-type", "application/json")], b'{"a":1}'
    )
    assert event["body"] == '{"a":1}' and event["isBase64Encoded"] is False


def test_response_conversion():
    plain = to_response({"ok": True})
    assert plain.status == 200 and json.loads(plain.body) == {"ok": True}
    full = to_response(
        {
            "statusCode": 201,
            "headers": {"X-A": "b"},
            "cookies": ["a=1", "b=2"],
            "body": base64.b64encode(b"\x01\x02").decode(),
            "isBase64Encoded": True,
        }
    )
    assert full.status == 201 and full.body == b"\x01\x02"
    assert [v for k, v in full.headers if k == "set-cookie"] == ["a=1", "b=2"]
    assert ("x-a", "b") in full.headers


def test_environment_is_resolved_from_the_template():
    environment = tpl.local_environment({"STAGE": "local"})
    assert environment["CLIENTS_TABLE"] == "ClientsTable"
    assert environment["STAGE"] == "local"
    assert environment["SITE_ORIGIN"].startswith("http")


def test_resolve_intrinsics():
    names = {"Table": "T", "Bucket.Arn": "arn:b"}
    assert tpl.resolve({"Ref": "Table"}, names) == "T"
    assert tpl.resolve({"Fn::GetAtt": ["Bucket", "Arn"]}, names) == "arn:b"
    assert tpl.resolve({"Fn::Sub": "x-${Table}-${AWS::Region}"}, names) == "x-T-us-east-1"
    assert tpl.resolve({"Fn::Sub": ["${A}/${Table}", {"A": "a"}]}, names) == "a/T"


# ------------------------------------------------------------------ CORS, from CorsConfiguration

CORS_TEMPLATE = {
    **TEMPLATE,
    "Parameters": {"SiteOrigin": {"Type": "String", "Default": "https://site.example"}},
    "Resources": {
        **TEMPLATE["Resources"],
        "Api": {
            "Type": "AWS::Serverless::HttpApi",
            "Properties": {
                "CorsConfiguration": {
                    "AllowOrigins": [{"Ref": "SiteOrigin"}],
                    "AllowMethods": ["GET", "POST"],
                    "AllowHeaders": ["content-type", "idempotency-key"],
                    "MaxAge": 600,
                }
            },
        },
    },
}


def test_preflight_from_the_site_origin_is_answered_like_api_gateway():
    runner = LocalApi(CORS_TEMPLATE)
    answer = runner.invoke(
        "OPTIONS",
        "/api/items/7",
        [("Origin", "https://site.example"), ("Access-Control-Request-Method", "POST")],
    )
    headers = dict(answer.headers)
    assert answer.status == 204
    assert headers["access-control-allow-origin"] == "https://site.example"
    assert headers["access-control-allow-methods"] == "GET,POST"
    assert headers["access-control-allow-headers"] == "content-type,idempotency-key"
    assert headers["access-control-max-age"] == "600"


def test_preflight_from_another_origin_gets_no_cors_headers():
    runner = LocalApi(CORS_TEMPLATE)
    answer = runner.invoke(
        "OPTIONS",
        "/api/items/7",
        [("Origin", "https://evil.example"), ("Access-Control-Request-Method", "POST")],
    )
    assert answer.status == 204
    assert not [k for k, _ in answer.headers if k.startswith("access-control-")]


def test_origin_comes_from_the_local_names():
    runner = LocalApi(CORS_TEMPLATE, names={"SiteOrigin": "http://127.0.0.1:8000"})
    assert runner.cors.origins == ["http://127.0.0.1:8000"]


def test_actual_responses_carry_allow_origin_only_for_the_site(monkeypatch):
    runner = LocalApi(CORS_TEMPLATE)
    monkeypatch.setattr(
        runner, "handler", lambda _id: lambda event, context: {"statusCode": 200, "body": "{}"}
    )
    allowed = runner.invoke("GET", "/api/items/7", [("Origin", "https://site.example")])
    other = runner.invoke("GET", "/api/items/7", [("Origin", "https://evil.example")])
    assert ("access-control-allow-origin", "https://site.example") in allowed.headers
    assert not [k for k, _ in other.headers if k.startswith("access-control-")]


def test_the_real_template_allows_only_the_site_origin():
    from infra.local.dev import local_overrides

    runner = LocalApi(names=tpl.local_names(local_overrides(8000)))
    assert runner.cors.origins == ["http://127.0.0.1:8000"]
    assert {"content-type", "idempotency-key"} <= set(runner.cors.headers)
    assert "POST" in runner.cors.methods


def test_a_handler_is_the_module_its_dotted_name_imports():
    """As in Lambda: the OpenAPI merge imports every handler module by name, and must not build a
    second resolver that takes the shared routers over (then /api/me lost its session: a 500)."""
    import importlib
    import sys

    handler = LocalApi().handler("PortalFunction")  # the project's template
    module = importlib.import_module("portal.handlers.portal_api")
    assert handler is module.lambda_handler
    assert sys.modules["portal.handlers.portal_api"] is module
