"""`make dev`: the whole portal offline on one origin, as CloudFront serves it in production.

    /api/...     the HTTP API from template.yaml, handlers run in-process (runner.py)
    /_dev/mail   every email the stack sent (local only: not in template.yaml)
    /...         the built MkDocs site

Starts DynamoDB Local (data kept under .local/), a moto server for SES, creates the tables from
template.yaml, and stops all of it on Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import mimetypes
import os
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from infra import csp
from infra.local import services
from infra.local import template as tpl
from infra.local.outbox import OutboxPump
from infra.local.runner import LocalApi, Response
from infra.site import BUILD as SITE_DIR

ROOT = tpl.ROOT
SECURITY_HEADERS = csp.security_headers(local=True)
STATE_DIR = ROOT / ".local"


def local_overrides(port: int, extra: dict[str, str] | None = None) -> dict[str, str]:
    """What differs locally from a deployed stack: the stage, the origin and no tracing."""
    overrides = {
        "STAGE": "local",
        "SiteOrigin": f"http://127.0.0.1:{port}",
        "SITE_ORIGIN": f"http://127.0.0.1:{port}",
        "POWERTOOLS_TRACE_DISABLED": "true",
        "POWERTOOLS_METRICS_DISABLED": "true",
        "ORIGIN_VERIFY_SECRET": "",  # no CloudFront locally: the connection's address is the visitor's
    }
    overrides.update(extra or {})
    return overrides


def mail_page(messages: list[dict]) -> bytes:
    rows = []
    for message in reversed(messages):
        attachments = "".join(
            f"<li>{html.escape(a['filename'] or '(unnamed)')} <small>{html.escape(a['content_type'])}</small>"
            + (f"<pre>{html.escape(a['content'])}</pre>" if a.get("content") else "")
            + "</li>"
            for a in message["attachments"]
        )
        rows.append(
            f"<article><h2>{html.escape(message['subject'])}</h2>"
            f"<p><b>From</b> {html.escape(message['from'])}<br><b>To</b> {html.escape(message['to'])}"
            f"<br><b>Date</b> {html.escape(message['date'])}</p>"
            f"<pre>{html.escape(message['text'])}</pre>"
            + (
                f"<details><summary>Attachments</summary><ul>{attachments}</ul></details>"
                if attachments
                else ""
            )
            + "</article>"
        )
    body = "".join(rows) or "<p>No email has been sent yet.</p>"
    page = (
        "<!doctype html><html lang=en><meta charset=utf-8><meta name=viewport content='width=device-width'>"
        "<title>Local mail</title><style>"
        "body{font:16px system-ui;max-width:50rem;margin:2rem auto;padding:0 1rem}"
        "article{border-bottom:1px solid #ccc;padding:1rem 0}"
        "pre{white-space:pre-wrap;background:#f6f6f6;padding:.75rem}"
        "</style><h1>Local mail <small>(" + str(len(messages)) + ")</small></h1>"
        "<p>Every email the local stack sent through SES, newest first. <a href=/_dev/mail.json>JSON</a></p>"
        + body
        + "</html>"
    )
    return page.encode("utf-8")


class FrontDoor(BaseHTTPRequestHandler):
    api: LocalApi
    site_dir: Path = SITE_DIR
    protocol_version = "HTTP/1.1"
    server_version = "va-portal-local"

    def log_message(self, fmt, *args):  # one short line per request, no query strings (tokens)
        sys.stderr.write(f"{self.command} {urlsplit(self.path).path} {args[1] if len(args) > 1 else ''}\n")

    def _send(self, response: Response, production_headers: bool = True) -> None:
        self.send_response(response.status)
        overridden = {key for key, _ in SECURITY_HEADERS} if production_headers else set()
        for key, value in response.headers:
            if (
                key not in ("content-length", "connection", "transfer-encoding")
                and key.lower() not in overridden
            ):
                self.send_header(key, value)
        if production_headers:  # what CloudFront adds in production (template.yaml SiteSecurityHeaders)
            for key, value in SECURITY_HEADERS:
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    def _handle(self) -> None:
        path = urlsplit(self.path).path
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if path == "/api" or path.startswith("/api/"):
            self._send(
                self.api.invoke(
                    self.command, self.path, list(self.headers.items()), body, self.client_address[0]
                )
            )
        elif path in ("/_dev/mail", "/_dev/mail/"):
            self._send(
                Response(
                    200, [("content-type", "text/html; charset=utf-8")], mail_page(services.sent_mail())
                ),
                production_headers=False,
            )
        elif path == "/_dev/mail.json":
            self._send(
                Response(
                    200, [("content-type", "application/json")], json.dumps(services.sent_mail()).encode()
                ),
                production_headers=False,
            )
        elif self.command in ("GET", "HEAD"):
            self._send(self._compressed(self._static(path)))
        else:
            self._send(
                Response(405, [("content-type", "text/plain"), ("allow", "GET, HEAD")], b"Method Not Allowed")
            )

    def _static(self, path: str) -> Response:
        target = (self.site_dir / unquote(path).lstrip("/")).resolve()
        if not str(target).startswith(str(self.site_dir.resolve())):
            return Response(404, [("content-type", "text/plain")], b"Not Found")
        if target.is_dir():
            if not path.endswith("/"):
                return Response(301, [("location", path + "/")], b"")
            target = target / "index.html"
        if not target.is_file():
            missing = self.site_dir / "404.html"
            body = missing.read_bytes() if missing.is_file() else b"Not Found"
            return Response(404, [("content-type", "text/html; charset=utf-8")], body)
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
            kind += "; charset=utf-8"
        return Response(200, [("content-type", kind), ("cache-control", "no-cache")], target.read_bytes())

    _COMPRESSIBLE = (
        "text/",
        "application/javascript",
        "application/json",
        "application/xml",
        "image/svg+xml",
    )

    def _compressed(self, response: Response) -> Response:
        """As CloudFront's automatic compression: text of 1,000 bytes or more, gzipped when the
        browser accepts it (the API is not compressed, as with an HTTP API)."""
        kind = dict(response.headers).get("content-type", "")
        if (
            response.status != 200
            or len(response.body) < 1000
            or not kind.startswith(self._COMPRESSIBLE)
            or "gzip" not in self.headers.get("Accept-Encoding", "")
        ):
            return response
        return Response(
            response.status,
            [*response.headers, ("content-encoding", "gzip"), ("vary", "Accept-Encoding")],
            gzip.compress(response.body, 6),
        )

    def __getattr__(self, name: str):
        # Every method (GET ... TRACE, QUERY or any other token) goes through _handle, as with
        # CloudFront in front of an HTTP API: the API, not the web server, decides what is allowed.
        if name.startswith("do_"):
            return self._handle
        raise AttributeError(name)


class _FrontDoorServer(ThreadingHTTPServer):
    # The default listen backlog (5) resets connections when a page or a test opens many at once.
    request_queue_size = 128


class LocalStack:
    """Everything `make dev` runs, startable from tests too (with other ports and a temp dir)."""

    def __init__(
        self,
        port: int = 8000,
        dynamodb_port: int = 8001,
        data_dir: Path | None = STATE_DIR / "dynamodb",
        moto_port: int | None = None,
        extra_env: dict[str, str] | None = None,
    ):
        self.port = port
        self.dynamodb = services.DynamoDBLocal(dynamodb_port, data_dir)
        self.moto = services.MotoServer(moto_port or services.free_port())
        self.extra_env = extra_env or {}
        self.httpd: ThreadingHTTPServer | None = None
        self.stripe = None  # the offline Stripe stand-in, when no Stripe key is configured
        self.outbox: OutboxPump | None = None  # the outbox's stream and schedule, by polling

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> LocalStack:
        if not services.port_is_free(self.port):
            raise RuntimeError(f"port {self.port} is taken: stop what uses it or set PORT to a free one")
        self.dynamodb.start()
        self.moto.start()
        os.environ.update(services.FAKE_CREDENTIALS)
        os.environ["AWS_ENDPOINT_URL"] = self.moto.endpoint
        os.environ["AWS_ENDPOINT_URL_DYNAMODB"] = self.dynamodb.endpoint
        overrides = local_overrides(self.port, self.extra_env)
        environment = tpl.local_environment(overrides)
        os.environ.update(environment)
        services.ensure_tables(self.dynamodb.endpoint)
        services.verify_sender(self.moto.endpoint, environment["MAIL_FROM"])
        services.ensure_schedule_groups(self.moto.endpoint)
        services.ensure_secrets(self.moto.endpoint)
        from infra.stripe_standin import local as stripe_local

        self.stripe = stripe_local.start(self.url, self.moto.endpoint)
        FrontDoor.api = LocalApi(names=tpl.local_names(overrides))
        self.outbox = OutboxPump(FrontDoor.api, self.dynamodb.endpoint).start()
        self.httpd = _FrontDoorServer(("127.0.0.1", self.port), FrontDoor)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, name="front-door", daemon=True).start()
        return self

    def stop(self) -> None:
        if self.outbox:
            self.outbox.stop()
        if self.httpd:
            self.httpd.shutdown()
            self.httpd.server_close()
        if self.stripe:
            self.stripe.stop()
        self.moto.stop()
        self.dynamodb.stop()


def build_site() -> None:
    from infra import site

    site.build()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
    parser.add_argument("--dynamodb-port", type=int, default=int(os.environ.get("DYNAMODB_PORT", 8001)))
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=STATE_DIR / "dynamodb",
        help="where DynamoDB Local keeps its data (default .local/dynamodb)",
    )
    parser.add_argument("--no-build", action="store_true", help="serve site/build as it is")
    parser.add_argument(
        "--demo", action="store_true", help="add a demo client (retainer, invoice, call, intake)"
    )
    args = parser.parse_args(argv)

    if not args.no_build:
        build_site()
    stack = LocalStack(args.port, args.dynamodb_port, args.data_dir)
    stopping = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, lambda *_: stopping.set())
    try:
        stack.start()
        print(
            f"\nThe portal runs offline at {stack.url}/\n"
            f"  site      {stack.url}/   (pricing: {stack.url}/pricing/)\n"
            f"  API       {stack.url}/api/health   {stack.url}/api/catalog   {stack.url}/api/openapi.json\n"
            f"  portal    {stack.url}/account/   {stack.url}/practice/   (sign in by emailed link)\n"
            f"  mail      {stack.url}/_dev/mail   (every email the stack sent)\n"
            f"  DynamoDB  {stack.dynamodb.endpoint}   (data in {stack.dynamodb.data_dir})\n"
            + (
                f"  Stripe    {stack.stripe.url}/   (offline stand-in: subscriptions, renewals, failures)\n"
                if stack.stripe
                else ""
            )
            + "Stop with Ctrl-C.\n",
            flush=True,
        )
        if args.demo:
            from infra.local import demo

            threading.Thread(target=demo.seed, args=(stack.url,), name="demo", daemon=True).start()
        stopping.wait()
    except (RuntimeError, TimeoutError, FileNotFoundError) as error:
        print(f"make dev: {error}", file=sys.stderr)
        return 1
    finally:
        stack.stop()
        print("Stopped.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
