"""Runs template.yaml's HTTP API in-process, the way API Gateway (HTTP API, payload 2.0) would.

`LocalApi.invoke(method, target, headers, body)` matches a route from the template, builds the
payload-2.0 event, calls the handler the template names with a Lambda context, and turns the
handler's answer into (status, headers, body) as API Gateway would.
"""

from __future__ import annotations

import base64
import importlib.util
import json
import re
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from infra.local import template as tpl
from infra.local.cors import Cors, Response

_TEXT_TYPES = (
    "text/",
    "application/json",
    "application/xml",
    "application/javascript",
    "application/x-www-form-urlencoded",
    "application/problem+json",
    "application/ld+json",
)


@dataclass
class LambdaContext:
    function_name: str
    memory_limit_in_mb: int
    timeout_seconds: int
    aws_request_id: str
    invoked_function_arn: str = ""
    function_version: str = "$LATEST"
    log_group_name: str = ""
    log_stream_name: str = "local"

    def __post_init__(self):
        self._deadline = time.monotonic() + self.timeout_seconds
        self.invoked_function_arn = f"arn:aws:lambda:us-east-1:123456789012:function:{self.function_name}"
        self.log_group_name = f"/aws/lambda/{self.function_name}"

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


class _CompiledRoute:
    def __init__(self, route: tpl.Route):
        self.route = route
        self.greedy = "{" in route.path and "+}" in route.path
        self.params = "{" in route.path
        pattern = ""
        for part in re.split(r"(\{[^}]+\})", route.path):
            if part.startswith("{") and part.endswith("+}"):
                pattern += f"(?P<{part[1:-2]}>.+)"
            elif part.startswith("{"):
                pattern += f"(?P<{part[1:-1]}>[^/]+)"
            else:
                pattern += re.escape(part)
        self.regex = re.compile(f"^{pattern}$")

    @property
    def rank(self) -> tuple:
        # API Gateway: exact paths beat {param} paths beat greedy ones; a method beats ANY.
        return (2 if self.greedy else 1 if self.params else 0, self.route.method == "ANY")


def _json_response(status: int, payload: dict) -> Response:
    return Response(status, [("content-type", "application/json")], json.dumps(payload).encode())


class LocalApi:
    def __init__(self, template: dict | None = None, names: dict[str, str] | None = None):
        self.template = template or tpl.load()
        config = tpl.cors_configuration(self.template, names)
        self.cors = Cors(config) if config else None
        self.specs = {spec.logical_id: spec for spec in tpl.functions(self.template)}
        self.routes = sorted(
            (_CompiledRoute(r) for r in tpl.routes(self.template) if r.path != "$default"),
            key=lambda r: r.rank,
        )
        self.default = next((r for r in tpl.routes(self.template) if r.path == "$default"), None)
        self._handlers: dict[str, object] = {}
        self._lock = threading.Lock()
        self._invoke_lock = threading.Lock()

    def match(self, method: str, path: str) -> tuple[tpl.Route, dict[str, str]] | None:
        for compiled in self.routes:
            if compiled.route.method not in (method, "ANY"):
                continue
            found = compiled.regex.match(path)
            if found:
                return compiled.route, found.groupdict()
        return (self.default, {}) if self.default else None

    def handler(self, logical_id: str):
        """Loads the function's handler by file path. Under its own dotted name when that name is
        free or already that very file (as Lambda imports it: code that imports the handler module
        by name, e.g. the OpenAPI merge, must get the same module, not a second resolver that takes
        over the shared routers), else under a module name of its own, so two functions may both
        have a module of the same name."""
        with self._lock:
            if logical_id not in self._handlers:
                spec = self.specs[logical_id]
                module_path, _, attr = spec.handler.rpartition(".")
                code_uri = str(spec.code_uri)
                if code_uri not in sys.path:
                    sys.path.insert(0, code_uri)
                file = spec.code_uri / (module_path.replace(".", "/") + ".py")
                module = _module_named(module_path, file)
                if module is None:
                    name = f"_local_fn_{logical_id}"
                    module_spec = importlib.util.spec_from_file_location(name, file)
                    if module_spec is None or module_spec.loader is None:
                        raise ImportError(f"{logical_id}: no handler module at {file}")
                    module = importlib.util.module_from_spec(module_spec)
                    sys.modules[name] = module
                    module_spec.loader.exec_module(module)
                self._handlers[logical_id] = getattr(module, attr)
            return self._handlers[logical_id]

    def build_event(
        self,
        route: tpl.Route,
        params: dict,
        method: str,
        target: str,
        headers: list[tuple[str, str]],
        body: bytes,
        source_ip: str = "127.0.0.1",
    ) -> dict:
        parts = urlsplit(target)
        raw_path = parts.path or "/"
        query: dict[str, list[str]] = {}
        for key, value in parse_qsl(parts.query, keep_blank_values=True):
            query.setdefault(key, []).append(value)
        joined: dict[str, list[str]] = {}
        cookies: list[str] = []
        for key, value in headers:
            key = key.lower()
            if key == "cookie":
                cookies.extend(c.strip() for c in value.split(";") if c.strip())
                continue
            joined.setdefault(key, []).append(value)
        header_map = {k: ",".join(v) for k, v in joined.items()}
        content_type = header_map.get("content-type", "")
        event_body, is_b64 = None, False
        if body:
            textual = content_type.startswith(_TEXT_TYPES) or not content_type
            try:
                text = body.decode("utf-8") if textual else None
            except UnicodeDecodeError:
                text = None
            event_body, is_b64 = (
                (text, False) if text is not None else (base64.b64encode(body).decode(), True)
            )
        now = time.time()
        route_key = "$default" if route.path == "$default" else f"{route.method} {route.path}"
        event = {
            "version": "2.0",
            "routeKey": route_key,
            "rawPath": raw_path,
            "rawQueryString": parts.query,
            "headers": header_map,
            "requestContext": {
                "accountId": "123456789012",
                "apiId": "local",
                "domainName": header_map.get("host", "127.0.0.1"),
                "domainPrefix": header_map.get("host", "127.0.0.1").split(".")[0],
                "http": {
                    "method": method,
                    "path": raw_path,
                    "protocol": "HTTP/1.1",
                    "sourceIp": source_ip,
                    "userAgent": header_map.get("user-agent", ""),
                },
                "requestId": str(uuid.uuid4()),
                "routeKey": route_key,
                "stage": "$default",
                "time": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now)),
                "timeEpoch": int(now * 1000),
            },
            "isBase64Encoded": is_b64,
        }
        if query:
            event["queryStringParameters"] = {k: ",".join(v) for k, v in query.items()}
        if cookies:
            event["cookies"] = cookies
        if params:
            event["pathParameters"] = params
        if event_body is not None:
            event["body"] = event_body
        return event

    def invoke(
        self,
        method: str,
        target: str,
        headers: list[tuple[str, str]],
        body: bytes = b"",
        source_ip: str = "127.0.0.1",
    ) -> Response:
        method = method.upper()
        if self.cors:
            origin = next((v for k, v in headers if k.lower() == "origin"), None)
            if method == "OPTIONS" and any(k.lower() == "access-control-request-method" for k, _ in headers):
                return self.cors.preflight(origin)
            return self.cors.decorate(origin, self._invoke(method, target, headers, body, source_ip))
        return self._invoke(method, target, headers, body, source_ip)

    def _invoke(
        self, method: str, target: str, headers: list[tuple[str, str]], body: bytes, source_ip: str
    ) -> Response:
        path = urlsplit(target).path or "/"
        matched = self.match(method, path)
        if matched is None:
            return _json_response(404, {"message": "Not Found"})  # what API Gateway itself answers
        route, params = matched
        event = self.build_event(route, params, method, target, headers, body, source_ip)
        spec = self.specs[route.function]
        context = LambdaContext(
            spec.logical_id, spec.memory, spec.timeout, event["requestContext"]["requestId"]
        )
        try:
            # One request at a time, as in one Lambda container: Powertools keeps the current event
            # in class attributes shared by every resolver, so concurrent calls in one process mix
            # up their headers and answers. (Concurrency across containers is DynamoDB's to settle:
            # tests/integration/test_booking_concurrency.py races the booking code itself.)
            with self._invoke_lock:
                result = self.handler(route.function)(event, context)
        except Exception:  # noqa: BLE001 - API Gateway answers an unhandled error like this
            import traceback

            traceback.print_exc()
            return _json_response(500, {"message": "Internal Server Error"})
        return to_response(result)


def _module_named(module_path: str, file: Path):
    """The module `module_path` imported by name, if that name is that file (not another function's)."""
    loaded = sys.modules.get(module_path)
    if loaded is not None:
        return loaded if Path(getattr(loaded, "__file__", "") or "").resolve() == file.resolve() else None
    try:
        found = importlib.util.find_spec(module_path)
    except (ImportError, ValueError):
        return None
    if found is None or not found.origin or Path(found.origin).resolve() != file.resolve():
        return None
    return importlib.import_module(module_path)


def to_response(result) -> Response:
    """A handler's answer as API Gateway (payload 2.0) sends it to the client."""
    if not isinstance(result, dict) or "statusCode" not in result:
        # No statusCode: API Gateway treats the value itself as a 200 JSON body.
        return Response(200, [("content-type", "application/json")], json.dumps(result).encode())
    headers: list[tuple[str, str]] = []
    for key, value in (result.get("headers") or {}).items():
        headers.append((key.lower(), str(value)))
    for key, values in (result.get("multiValueHeaders") or {}).items():
        headers.extend((key.lower(), str(v)) for v in values)
    for cookie in result.get("cookies") or []:
        headers.append(("set-cookie", cookie))
    body = result.get("body") or ""
    data = base64.b64decode(body) if result.get("isBase64Encoded") else str(body).encode("utf-8")
    if not any(k == "content-type" for k, _ in headers):
        headers.append(("content-type", "application/json"))
    return Response(int(result["statusCode"]), headers, data)
