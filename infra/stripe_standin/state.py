"""The stand-in's state and plumbing: objects in memory, Stripe's lists, idempotent requests,
events and their signed delivery to every webhook endpoint that listens for them.

Shapes are those of the portal's one pinned API version (`API_VERSION`, from
portal/billing/stripe_client.py, the version the installed stripe SDK pins); a unit test checks
every object and event against the SDK's own generated types.
"""

from __future__ import annotations

import copy
import json
import secrets
import threading
import time
import urllib.error
import urllib.request
from typing import TYPE_CHECKING

import stripe

from infra.stripe_standin import portal_path  # noqa: F401 - functions/ importable, for the pin below
from portal.billing.stripe_client import API_VERSION as API_VERSION  # re-exported: the stand-in's one version

if TYPE_CHECKING:
    from http.server import ThreadingHTTPServer

MONTH = 30 * 24 * 3600

KINDS = (
    "products",
    "prices",
    "customers",
    "checkout_sessions",
    "subscriptions",
    "invoices",
    "invoiceitems",
    "billing_portal_sessions",
    "billing_portal_configurations",
    "webhook_endpoints",
)


def new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(12)}"


def now() -> int:
    return int(time.time())


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        message: str,
        code: str | None = None,
        param: str | None = None,
        kind: str = "invalid_request_error",
    ):
        super().__init__(message)
        self.status, self.body = (
            status,
            {
                "error": {
                    "type": kind,
                    "message": message,
                    "code": code,
                    "param": param,
                    "doc_url": f"https://stripe.com/docs/error-codes/{code.replace('_', '-')}"
                    if code
                    else None,
                }
            },
        )


def missing(name: str) -> ApiError:
    return ApiError(400, f"Missing required param: {name}.", "parameter_missing", name)


class State:
    """Objects by kind and id, events oldest first, deliveries as they happened."""

    def __init__(
        self,
        webhook_url: str | None = None,
        webhook_secret: str | None = None,
        api_key: str = "sk_test_standin",
        port: int = 0,
        deliver_async: bool = True,
    ):
        self.api_key, self.port, self.deliver_async = api_key, port, deliver_async
        self.webhook_secret = webhook_secret or "whsec_" + secrets.token_hex(16)
        self.objects: dict[str, dict[str, dict]] = {kind: {} for kind in KINDS}
        self.hidden: dict[str, dict] = {}  # per object id: what Stripe keeps but never shows
        self.events: list[dict] = []
        self.deliveries: list[dict] = []  # {event, type, endpoint, status}
        self.idempotent: dict[str, tuple[str, dict]] = {}  # Idempotency-Key -> (request, answer)
        self.lock = threading.RLock()
        self.httpd: ThreadingHTTPServer | None = None  # the HTTP server, once StandIn.start() serves it
        if webhook_url:  # an endpoint made at start, signing with webhook_secret
            self.add_endpoint(webhook_url, ["*"], secret=self.webhook_secret)

    # ------------------------------------------------------------------ address
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def webhook_url(self) -> str | None:
        live = [e["url"] for e in self.objects["webhook_endpoints"].values() if e["status"] == "enabled"]
        return ", ".join(live) or None

    # ------------------------------------------------------------------ objects
    def store(self, kind: str, obj: dict, **hidden) -> dict:
        self.objects[kind][obj["id"]] = obj
        if hidden:
            self.hidden[obj["id"]] = hidden
        return obj

    def get(self, kind: str, object_id: str, label: str, param: str = "id") -> dict:
        try:
            return self.objects[kind][object_id]
        except KeyError:
            raise ApiError(
                404 if param == "id" else 400, f"No such {label}: '{object_id}'", "resource_missing", param
            ) from None

    @staticmethod
    def listing(items: list[dict], url: str, params: dict) -> dict:
        """Stripe's list: newest first, `limit` (default 10), `starting_after`, `has_more`."""
        ordered = list(reversed(items))
        after = params.get("starting_after")
        if after:
            ids = [item["id"] for item in ordered]
            ordered = ordered[ids.index(after) + 1 :] if after in ids else []
        limit = int(params.get("limit") or 10)
        return {"object": "list", "data": ordered[:limit], "has_more": len(ordered) > limit, "url": url}

    # ------------------------------------------------------------------ requests
    def api(
        self, method: str, path: str, params: dict, idempotency_key: str | None = None
    ) -> tuple[int, dict, bool]:
        """(status, body, replayed). A POST repeated with the same Idempotency-Key and the same
        parameters gets the first answer again and changes nothing; other parameters are a 400."""
        request = json.dumps([method, path, params], sort_keys=True)
        with self.lock:
            if method == "POST" and idempotency_key:
                seen = self.idempotent.get(idempotency_key)
                if seen is not None:
                    if seen[0] != request:
                        raise ApiError(
                            400,
                            "Keys for idempotent requests can only be used with the same parameters "
                            f"they were first used with. Try using a key other than '{idempotency_key}' "
                            "if you meant to execute a different request.",
                            kind="idempotency_error",
                        )
                    return 200, copy.deepcopy(seen[1]), True
            body = self.route(method, path, params)
            if method == "POST" and idempotency_key:
                self.idempotent[idempotency_key] = (request, copy.deepcopy(body))
            return 200, body, False

    def route(self, method: str, path: str, params: dict) -> dict:
        parts = path.strip("/").split("/")[1:]  # after "v1"
        if parts[:1] in (["checkout"], ["billing_portal"]) and len(parts) > 1:
            parts = [f"{parts[0]}_{parts[1]}", *parts[2:]]
        handler = getattr(self, f"api_{method.lower()}_{parts[0]}", None) if parts else None
        if handler is None or len(parts) > 3:
            raise ApiError(404, f"Unrecognized request URL ({method}: {path}).")
        return handler(parts[1] if len(parts) > 1 else None, params, *parts[2:])

    # ------------------------------------------------------------------ events
    def add_endpoint(
        self,
        url: str,
        enabled_events: list[str],
        secret: str | None = None,
        api_version: str | None = API_VERSION,
        **fields,
    ) -> dict:
        endpoint = {
            "id": new_id("we"),
            "object": "webhook_endpoint",
            "api_version": api_version,
            "application": None,
            "created": now(),
            "description": fields.get("description"),
            "enabled_events": list(enabled_events),
            "livemode": False,
            "metadata": fields.get("metadata") or {},
            "status": "enabled",
            "url": url,
        }
        return self.store("webhook_endpoints", endpoint, secret=secret or "whsec_" + secrets.token_hex(16))

    def listeners(self, kind: str) -> list[dict]:
        return [
            e
            for e in self.objects["webhook_endpoints"].values()
            if e["status"] == "enabled" and ("*" in e["enabled_events"] or kind in e["enabled_events"])
        ]

    def event(self, kind: str, obj: dict, previous: dict | None = None) -> dict:
        data = {"object": copy.deepcopy(obj)}
        if previous:
            data["previous_attributes"] = copy.deepcopy(previous)
        event = {
            "id": new_id("evt"),
            "object": "event",
            "account": None,
            "api_version": API_VERSION,
            "context": None,
            "created": now(),
            "data": data,
            "livemode": False,
            "pending_webhooks": len(self.listeners(kind)),
            "request": {"id": None, "idempotency_key": None},
            "type": kind,
        }
        self.events.append(event)
        return event

    def sign(self, payload: str, timestamp: int | None = None, secret: str | None = None) -> str:
        return stripe.WebhookSignature.generate_signature_header(
            payload, secret or self.webhook_secret, timestamp=timestamp or now()
        )

    def deliver(self, events: list[dict]) -> None:
        """Posts events, in order, to each endpoint listening for them (in the background by default)."""
        plan = [
            (event, endpoint["url"], self.hidden[endpoint["id"]]["secret"], endpoint["id"])
            for event in events
            for endpoint in self.listeners(event["type"])
        ]
        if not plan:
            return
        if self.deliver_async:
            threading.Thread(target=self._post_all, args=(plan,), daemon=True).start()
        else:
            self._post_all(plan)

    def _post_all(self, plan: list[tuple]) -> None:
        for event, url, secret, endpoint_id in plan:
            payload = json.dumps(event)
            request = urllib.request.Request(
                url,
                data=payload.encode(),
                method="POST",
                headers={
                    "Content-Type": "application/json; charset=utf-8",
                    "User-Agent": "Stripe/1.0 (+stand-in)",
                    "Stripe-Signature": self.sign(payload, secret=secret),
                },
            )
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            except OSError:
                status = 0
            self.deliveries.append(
                {"event": event["id"], "type": event["type"], "endpoint": endpoint_id, "status": status}
            )
