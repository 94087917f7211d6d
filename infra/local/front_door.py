"""The local stack's one origin, as CloudFront is in production: /api/... to the template's routes
(run in-process by runner.LocalApi), /_dev/mail to the emails the stack sent (local only), and
everything else to the built site, with the production security headers."""

from __future__ import annotations

import gzip
import html
import json
import mimetypes
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from infra import csp
from infra.local import services
from infra.local.cors import Response
from infra.local.runner import LocalApi
from infra.site import BUILD as SITE_DIR

SECURITY_HEADERS = csp.security_headers(local=True)


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


class FrontDoorServer(ThreadingHTTPServer):
    # The default listen backlog (5) resets connections when a page or a test opens many at once.
    request_queue_size = 128
