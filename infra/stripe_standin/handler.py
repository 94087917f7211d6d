"""The stand-in over HTTP: Stripe's API under /v1/ (form-encoded, Bearer key, Idempotency-Key),
and the addresses of the pages a person uses (pages.py draws them): hosted checkout (/pay/), the
billing portal (/portal/), invoices, and the front page that plays Stripe's test clocks (/admin/
actions). What each request changes is the StandIn's (state and its mixins)."""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlsplit

from infra.stripe_standin import forms, pages
from infra.stripe_standin.state import API_VERSION, ApiError, new_id

if TYPE_CHECKING:
    from infra.stripe_standin.server import StandIn


class Handler(BaseHTTPRequestHandler):
    owner: StandIn  # the StandIn served: StandIn.start() sets it on a subclass of its own
    protocol_version = "HTTP/1.1"
    server_version = "stripe-standin"
    wbufsize = 1 << 16  # headers and body in one write: no 40 ms delayed-ACK stall per call

    def log_message(self, fmt, *args):  # quiet: the local stack logs its own requests
        pass

    def _send(self, status: int, body: bytes, kind: str = "application/json", headers: dict | None = None):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def _html(self, body: bytes, status: int = 200):
        self._send(status, body, "text/html; charset=utf-8")

    def _redirect(self, location: str):
        self._send(303, b"", "text/plain", {"Location": location})

    def _body(self) -> str:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length).decode("utf-8") if length else ""

    def _dispatch(self):
        path = urlsplit(self.path).path
        try:
            if path.startswith("/v1/"):
                return self._api(path, urlsplit(self.path).query)
            return self._pages(path)
        except ApiError as error:
            if path.startswith("/v1/"):
                return self._send(
                    error.status, json.dumps(error.body).encode(), headers={"Stripe-Version": API_VERSION}
                )
            return self._html(pages.page("Not found", f"<p>{pages.e(str(error))}</p>"), error.status)

    do_GET = do_POST = do_DELETE = _dispatch

    def _api(self, path: str, query: str):
        if self.headers.get("Authorization", "") != f"Bearer {self.owner.api_key}":
            raise ApiError(401, "Invalid API Key provided.")
        params = forms.decode(query if self.command in ("GET", "DELETE") else self._body())
        params.pop("expand", None)
        status, body, replayed = self.owner.api(
            self.command, path, params, self.headers.get("Idempotency-Key")
        )
        headers = {"Request-Id": new_id("req"), "Stripe-Version": API_VERSION}
        if replayed:
            headers["Idempotent-Replayed"] = "true"
        self._send(status, json.dumps(body).encode(), headers=headers)

    def _pages(self, path: str):
        owner, parts, post = self.owner, path.strip("/").split("/"), self.command == "POST"
        if path == "/" and not post:
            return self._html(pages.admin(owner))
        if post and len(parts) == 4 and parts[0] == "admin":
            kind, object_id, action = parts[1:]
            actions = {
                ("subscriptions", "renew"): owner.renew,
                ("subscriptions", "fail"): owner.fail,
                ("subscriptions", "cancel"): owner.cancel,
                ("subscriptions", "expire"): owner.expire,
                ("customers", "delete"): owner.delete_customer,
            }
            if (kind, action) not in actions:
                raise ApiError(404, "No such action.")
            actions[(kind, action)](object_id)
            return self._redirect("/")
        if len(parts) == 2 and parts[0] == "pay":
            session = owner.get("checkout_sessions", parts[1], "checkout session")
            if not post:
                return self._html(pages.checkout(owner, session))
            form = dict(parse_qsl(self._body()))
            if form.get("action") == "decline":
                return self._html(pages.declined(session), 402)
            owner.pay(session["id"], form.get("email"))
            return self._redirect(session["success_url"].replace("{CHECKOUT_SESSION_ID}", session["id"]))
        if len(parts) >= 2 and parts[0] == "portal":
            portal = owner.get("billing_portal_sessions", parts[1], "billing portal session")
            if post and len(parts) >= 4:
                owner.portal_action(portal, parts[2], parts[3], parts[4] if len(parts) > 4 else None)
                return self._redirect(f"/portal/{parts[1]}")
            return self._html(pages.portal(owner, portal))
        if len(parts) == 2 and parts[0] == "invoices":
            return self._html(pages.invoice(owner, owner.get("invoices", parts[1], "invoice")))
        raise ApiError(404, "No such page.")
