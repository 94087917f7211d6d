"""The stand-in: Stripe's API for products, prices, customers, Checkout Sessions, subscriptions,
invoices and billing-portal sessions (Stripe's shapes, form-encoded requests, in memory), a hosted
checkout page where a person pays or is declined, and an admin page that plays Stripe's test
clocks: renew, fail a renewal, cancel. Events are signed with the real algorithm and posted to
the portal's webhook in Stripe's order.
"""
from __future__ import annotations

import html
import json
import secrets
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from infra.stripe_standin import forms

API_VERSION = "2026-10-28.endive"
MONTH = 30 * 24 * 3600
BANNER = "Local test stand-in — not Stripe"


def new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(12)}"


class ApiError(Exception):
    def __init__(self, status: int, message: str, code: str | None = None, param: str | None = None,
                 kind: str = "invalid_request_error"):
        super().__init__(message)
        self.status, self.body = status, {"error": {
            "type": kind, "message": message, "code": code, "param": param,
            "doc_url": f"https://stripe.com/docs/error-codes/{code}" if code else None}}


class StandIn:
    """State and behaviour; `start()` serves it over HTTP on loopback."""

    def __init__(self, webhook_url: str | None = None, webhook_secret: str | None = None,
                 api_key: str = "sk_test_standin", port: int = 0, deliver_async: bool = True):
        self.webhook_url = webhook_url
        self.webhook_secret = webhook_secret or "whsec_" + secrets.token_hex(16)
        self.api_key = api_key
        self.port = port
        self.deliver_async = deliver_async
        self.objects: dict[str, dict[str, dict]] = {k: {} for k in (
            "products", "prices", "customers", "checkout_sessions", "subscriptions", "invoices",
            "billing_portal_sessions")}
        self.events: list[dict] = []  # every event, oldest first
        self.deliveries: list[dict] = []  # {event, type, status}
        self.lock = threading.RLock()
        self.httpd: ThreadingHTTPServer | None = None

    # ------------------------------------------------------------------ server
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "StandIn":
        standin = self

        class Handler(_Handler):
            owner = standin

        self.httpd = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, name="stripe-standin", daemon=True).start()
        return self

    def stop(self) -> None:
        if self.httpd:
            self.httpd.shutdown()
            self.httpd.server_close()

    # ------------------------------------------------------------------ events
    def event(self, kind: str, obj: dict, previous: dict | None = None) -> dict:
        data = {"object": json.loads(json.dumps(obj))}
        if previous:
            data["previous_attributes"] = previous
        event = {"id": new_id("evt"), "object": "event", "api_version": API_VERSION,
                 "created": int(time.time()), "data": data, "livemode": False,
                 "pending_webhooks": 1 if self.webhook_url else 0,
                 "request": {"id": None, "idempotency_key": None}, "type": kind}
        self.events.append(event)
        return event

    def sign(self, payload: str, timestamp: int | None = None, secret: str | None = None) -> str:
        import stripe

        return stripe.WebhookSignature.generate_signature_header(
            payload, secret or self.webhook_secret, timestamp=timestamp or int(time.time()))

    def deliver(self, events: list[dict]) -> None:
        """Posts events to the webhook, in order, as Stripe does (in the background by default)."""
        if not self.webhook_url or not events:
            return
        if self.deliver_async:
            threading.Thread(target=self._post_all, args=(events,), daemon=True).start()
        else:
            self._post_all(events)

    def _post_all(self, events: list[dict]) -> None:
        for event in events:
            payload = json.dumps(event)
            request = urllib.request.Request(self.webhook_url, data=payload.encode(), method="POST", headers={
                "Content-Type": "application/json; charset=utf-8", "User-Agent": "Stripe/1.0 (+stand-in)",
                "Stripe-Signature": self.sign(payload)})
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            except OSError:
                status = 0
            self.deliveries.append({"event": event["id"], "type": event["type"], "status": status})

    # ------------------------------------------------------------------ API
    def _store(self, kind: str, obj: dict) -> dict:
        self.objects[kind][obj["id"]] = obj
        return obj

    def get(self, kind: str, object_id: str, label: str) -> dict:
        try:
            return self.objects[kind][object_id]
        except KeyError:
            raise ApiError(404, f"No such {label}: '{object_id}'", "resource_missing", "id") from None

    @staticmethod
    def _list(items: list[dict], url: str, limit=None) -> dict:
        limit = int(limit or 10)
        return {"object": "list", "data": items[:limit], "has_more": len(items) > limit, "url": url}

    def api(self, method: str, path: str, params: dict) -> tuple[int, dict]:
        parts = path.strip("/").split("/")[1:]  # after "v1"
        with self.lock:
            route = getattr(self, f"api_{method.lower()}_{'_'.join(p for p in parts[:1])}", None)
            if parts[:2] == ["checkout", "sessions"]:
                route, parts = getattr(self, f"api_{method.lower()}_checkout_sessions", None), parts[1:]
            elif parts[:2] == ["billing_portal", "sessions"]:
                route, parts = getattr(self, f"api_{method.lower()}_billing_portal_sessions", None), parts[1:]
            if route is None:
                raise ApiError(404, f"Unrecognized request URL ({method}: {path}).")
            return 200, route(parts[1] if len(parts) > 1 else None, params)

    def api_post_products(self, object_id, params):
        if object_id:
            product = self.get("products", object_id, "product")
            for key in ("name", "description"):
                if key in params:
                    product[key] = params[key]
            if "active" in params:
                product["active"] = forms.truthy(params["active"])
            product["metadata"].update(params.get("metadata") or {})
            product["updated"] = int(time.time())
            return product
        if not params.get("name"):
            raise ApiError(400, "Missing required param: name.", "parameter_missing", "name")
        now = int(time.time())
        return self._store("products", {
            "id": params.get("id") or new_id("prod"), "object": "product", "active": True,
            "name": params["name"], "description": params.get("description"),
            "metadata": params.get("metadata") or {}, "default_price": None, "created": now,
            "updated": now, "livemode": False, "type": "service"})

    def api_get_products(self, object_id, params):
        if object_id:
            return self.get("products", object_id, "product")
        return self._list(list(self.objects["products"].values()), "/v1/products", params.get("limit"))

    def api_post_prices(self, object_id, params):
        if object_id:
            price = self.get("prices", object_id, "price")
            if "active" in params:
                price["active"] = forms.truthy(params["active"])
            if "lookup_key" in params:
                self._take_lookup_key(params["lookup_key"], price, forms.truthy(params.get("transfer_lookup_key")))
            price["metadata"].update(params.get("metadata") or {})
            return price
        for name in ("currency", "product"):
            if not params.get(name):
                raise ApiError(400, f"Missing required param: {name}.", "parameter_missing", name)
        self.get("products", params["product"], "product")
        recurring = params.get("recurring") or None
        price = {
            "id": new_id("price"), "object": "price", "active": True, "billing_scheme": "per_unit",
            "created": int(time.time()), "currency": params["currency"], "livemode": False,
            "lookup_key": None, "metadata": params.get("metadata") or {}, "nickname": params.get("nickname"),
            "product": params["product"],
            "recurring": {"interval": recurring["interval"], "interval_count": int(recurring.get("interval_count", 1)),
                          "usage_type": "licensed", "meter": None, "trial_period_days": None} if recurring else None,
            "tax_behavior": params.get("tax_behavior", "unspecified"),
            "type": "recurring" if recurring else "one_time", "unit_amount": int(params.get("unit_amount", 0)),
            "unit_amount_decimal": str(params.get("unit_amount", 0))}
        if params.get("lookup_key"):
            self._take_lookup_key(params["lookup_key"], price, forms.truthy(params.get("transfer_lookup_key")))
        return self._store("prices", price)

    def _take_lookup_key(self, key: str, price: dict, transfer: bool) -> None:
        holder = next((p for p in self.objects["prices"].values() if p["lookup_key"] == key and p is not price), None)
        if holder and not transfer:
            raise ApiError(400, f"A price (`{holder['id']}`) already uses that lookup key.", "lookup_key_in_use",
                           "lookup_key")
        if holder:
            holder["lookup_key"] = None
        price["lookup_key"] = key

    def api_get_prices(self, object_id, params):
        if object_id:
            return self.get("prices", object_id, "price")
        items = list(self.objects["prices"].values())
        if params.get("lookup_keys"):
            keys = params["lookup_keys"] if isinstance(params["lookup_keys"], list) else [params["lookup_keys"]]
            items = [p for p in items if p["lookup_key"] in keys]
        if "active" in params:
            items = [p for p in items if p["active"] == forms.truthy(params["active"])]
        if params.get("product"):
            items = [p for p in items if p["product"] == params["product"]]
        return self._list(items, "/v1/prices", params.get("limit"))

    def api_post_customers(self, object_id, params):
        if object_id:
            customer = self.get("customers", object_id, "customer")
            customer.update({k: params[k] for k in ("email", "name") if k in params})
            return customer
        return self._store("customers", {
            "id": new_id("cus"), "object": "customer", "email": params.get("email"), "name": params.get("name"),
            "metadata": params.get("metadata") or {}, "created": int(time.time()), "livemode": False,
            "delinquent": False, "currency": None})

    def api_get_customers(self, object_id, params):
        if object_id:
            return self.get("customers", object_id, "customer")
        items = [c for c in self.objects["customers"].values() if not params.get("email") or c["email"] == params["email"]]
        return self._list(items, "/v1/customers", params.get("limit"))

    def api_post_checkout_sessions(self, object_id, params):
        if object_id:
            raise ApiError(404, "Checkout Sessions cannot be updated here.")
        for name in ("mode", "success_url"):
            if not params.get(name):
                raise ApiError(400, f"Missing required param: {name}.", "parameter_missing", name)
        items = params.get("line_items") or []
        if params["mode"] != "subscription" or len(items) != 1:
            raise ApiError(400, "The stand-in supports subscription mode with one line item.")
        price = self.get("prices", items[0].get("price", ""), "price")
        if not price["active"] or not price["recurring"]:
            raise ApiError(400, f"The price `{price['id']}` is not an active recurring price.", param="line_items")
        session_id = "cs_test_" + secrets.token_hex(24)
        now = int(time.time())
        return self._store("checkout_sessions", {
            "id": session_id, "object": "checkout.session", "mode": "subscription", "status": "open",
            "payment_status": "unpaid", "url": f"{self.url}/pay/{session_id}",
            "success_url": params["success_url"], "cancel_url": params.get("cancel_url"),
            "customer": params.get("customer"), "customer_email": params.get("customer_email"),
            "customer_details": None, "subscription": None, "invoice": None,
            "metadata": params.get("metadata") or {}, "client_reference_id": params.get("client_reference_id"),
            "allow_promotion_codes": forms.truthy(params.get("allow_promotion_codes")),
            "automatic_tax": {"enabled": forms.truthy((params.get("automatic_tax") or {}).get("enabled")),
                              "liability": None, "status": None},
            "amount_total": price["unit_amount"], "amount_subtotal": price["unit_amount"],
            "currency": price["currency"], "created": now, "expires_at": now + 24 * 3600, "livemode": False,
            "_price": price["id"], "_subscription_metadata": (params.get("subscription_data") or {}).get("metadata") or {}})

    def api_get_checkout_sessions(self, object_id, params):
        if not object_id:
            return self._list([self._public(s) for s in self.objects["checkout_sessions"].values()],
                              "/v1/checkout/sessions", params.get("limit"))
        return self._public(self.get("checkout_sessions", object_id, "checkout.session"))

    @staticmethod
    def _public(obj: dict) -> dict:
        return {k: v for k, v in obj.items() if not k.startswith("_")}

    def api_get_subscriptions(self, object_id, params):
        if object_id:
            return self.get("subscriptions", object_id, "subscription")
        items = [s for s in self.objects["subscriptions"].values()
                 if not params.get("customer") or s["customer"] == params["customer"]]
        return self._list(items, "/v1/subscriptions", params.get("limit"))

    def api_post_subscriptions(self, object_id, params):
        subscription = self.get("subscriptions", object_id or "", "subscription")
        previous = {}
        if "cancel_at_period_end" in params:
            previous["cancel_at_period_end"] = subscription["cancel_at_period_end"]
            subscription["cancel_at_period_end"] = forms.truthy(params["cancel_at_period_end"])
        subscription["metadata"].update(params.get("metadata") or {})
        self.deliver([self.event("customer.subscription.updated", subscription, previous)])
        return subscription

    def api_delete_subscriptions(self, object_id, params):
        return self.cancel(object_id or "")

    def api_get_invoices(self, object_id, params):
        if object_id:
            return self.get("invoices", object_id, "invoice")
        items = [i for i in self.objects["invoices"].values()
                 if (not params.get("customer") or i["customer"] == params["customer"])
                 and (not params.get("subscription") or i["parent"]["subscription_details"]["subscription"] == params["subscription"])]
        return self._list(items, "/v1/invoices", params.get("limit"))

    def api_post_billing_portal_sessions(self, object_id, params):
        self.get("customers", params.get("customer", ""), "customer")
        session_id = new_id("bps")
        return self._store("billing_portal_sessions", {
            "id": session_id, "object": "billing_portal.session", "customer": params["customer"],
            "return_url": params.get("return_url"), "url": f"{self.url}/portal/{session_id}",
            "created": int(time.time()), "livemode": False, "locale": None, "configuration": "bpc_standin",
            "flow": None, "on_behalf_of": None})

    # ------------------------------------------------------------------ what people do
    def _invoice(self, subscription: dict, start: int, end: int, paid: bool, reason: str) -> dict:
        item = subscription["items"]["data"][0]
        price, invoice_id = item["price"], new_id("in")
        customer = self.objects["customers"][subscription["customer"]]
        amount = price["unit_amount"]
        invoice = {
            "id": invoice_id, "object": "invoice", "customer": customer["id"], "customer_email": customer["email"],
            "customer_name": customer["name"], "status": "paid" if paid else "open", "paid": paid,
            "amount_due": amount, "amount_paid": amount if paid else 0, "amount_remaining": 0 if paid else amount,
            "attempt_count": 1, "attempted": True, "billing_reason": reason, "collection_method": "charge_automatically",
            "currency": price["currency"], "created": int(time.time()), "livemode": False,
            "hosted_invoice_url": f"{self.url}/invoices/{invoice_id}", "invoice_pdf": None,
            "number": f"STANDIN-{len(self.objects['invoices']) + 1:04d}",
            "parent": {"type": "subscription_details", "quote_details": None, "subscription_details": {
                "subscription": subscription["id"], "metadata": subscription["metadata"]}},
            "lines": {"object": "list", "has_more": False, "url": f"/v1/invoices/{invoice_id}/lines", "data": [{
                "id": new_id("il"), "object": "line_item", "amount": amount, "currency": price["currency"],
                "description": f"1 × {self.objects['products'][price['product']]['name']}",
                "period": {"start": start, "end": end}, "quantity": 1,
                "pricing": {"type": "price_details", "price_details": {"price": price["id"], "product": price["product"]}}}]},
            "period_start": start, "period_end": end, "subtotal": amount, "total": amount}
        subscription["latest_invoice"] = invoice_id
        return self._store("invoices", invoice)

    def pay(self, session_id: str, email: str | None = None) -> list[dict]:
        """The person paid: customer, subscription and first invoice, and Stripe's events."""
        with self.lock:
            session = self.get("checkout_sessions", session_id, "checkout.session")
            if session["status"] != "open":
                return []
            email = (email or session["customer_email"] or "").strip().lower()
            customer = (self.objects["customers"].get(session["customer"] or "")
                        or self.api_post_customers(None, {"email": email}))
            price, now = self.objects["prices"][session["_price"]], int(time.time())
            subscription_id = new_id("sub")
            subscription = self._store("subscriptions", {
                "id": subscription_id, "object": "subscription", "customer": customer["id"], "status": "active",
                "cancel_at_period_end": False, "canceled_at": None, "ended_at": None, "created": now,
                "start_date": now, "currency": price["currency"], "livemode": False,
                "metadata": session["_subscription_metadata"], "latest_invoice": None,
                "collection_method": "charge_automatically",
                "items": {"object": "list", "has_more": False, "url": f"/v1/subscription_items?subscription={subscription_id}",
                          "data": [{"id": new_id("si"), "object": "subscription_item", "price": price, "quantity": 1,
                                    "subscription": subscription_id, "created": now,
                                    "current_period_start": now, "current_period_end": now + MONTH}]}})
            invoice = self._invoice(subscription, now, now + MONTH, True, "subscription_create")
            session.update({"status": "complete", "payment_status": "paid", "customer": customer["id"],
                            "subscription": subscription_id, "invoice": invoice["id"],
                            "customer_details": {"email": customer["email"], "name": customer["name"],
                                                 "address": None, "phone": None, "tax_exempt": "none", "tax_ids": []}})
            events = [self.event("checkout.session.completed", self._public(session)),
                      self.event("invoice.paid", invoice),
                      self.event("customer.subscription.created", subscription)]
        self.deliver(events)
        return events

    def _live(self, subscription_id: str) -> dict | None:
        subscription = self.get("subscriptions", subscription_id, "subscription")
        return None if subscription["status"] == "canceled" else subscription

    def _next_period(self, subscription: dict, paid: bool) -> dict:
        """Moves the subscription to its next period and invoices it (paid or not)."""
        item = subscription["items"]["data"][0]
        start = item["current_period_end"]
        item.update({"current_period_start": start, "current_period_end": start + MONTH})
        return self._invoice(subscription, start, start + MONTH, paid, "subscription_cycle")

    def renew(self, subscription_id: str) -> list[dict]:
        """A renewal that succeeds (or pays the open invoice of a past-due subscription)."""
        with self.lock:
            subscription = self._live(subscription_id)
            if subscription is None:
                return []
            previous = {"status": subscription["status"]}
            open_invoice = next((i for i in self.objects["invoices"].values()
                                 if i["parent"]["subscription_details"]["subscription"] == subscription_id
                                 and i["status"] == "open"), None)
            if open_invoice:
                open_invoice.update({"status": "paid", "paid": True, "amount_paid": open_invoice["amount_due"],
                                     "amount_remaining": 0, "attempt_count": open_invoice["attempt_count"] + 1})
                invoice = open_invoice
            else:
                previous["items"] = json.loads(json.dumps(subscription["items"]))
                invoice = self._next_period(subscription, paid=True)
            subscription["status"] = "active"
            events = [self.event("invoice.paid", invoice),
                      self.event("customer.subscription.updated", subscription, previous)]
        self.deliver(events)
        return events

    def fail(self, subscription_id: str) -> list[dict]:
        """A renewal whose card is declined: an open invoice and a past-due subscription."""
        with self.lock:
            subscription = self._live(subscription_id)
            if subscription is None:
                return []
            previous = {"status": subscription["status"]}
            invoice = self._next_period(subscription, paid=False)
            subscription["status"] = "past_due"
            events = [self.event("invoice.payment_failed", invoice),
                      self.event("customer.subscription.updated", subscription, previous)]
        self.deliver(events)
        return events

    def cancel(self, subscription_id: str) -> dict:
        with self.lock:
            subscription = self.get("subscriptions", subscription_id, "subscription")
            if subscription["status"] != "canceled":
                now = int(time.time())
                subscription.update({"status": "canceled", "canceled_at": now, "ended_at": now})
                self.deliver([self.event("customer.subscription.deleted", subscription)])
            return subscription


# ---------------------------------------------------------------------------------------------
# HTTP
# ---------------------------------------------------------------------------------------------

_STYLE = ("body{font:17px system-ui;max-width:44rem;margin:0 auto;padding:0 1rem 3rem;color:#222}"
          ".banner{background:#8a1c00;color:#fff;padding:.75rem 1rem;margin:0 -1rem 1.5rem;font-weight:700}"
          "button{font:inherit;padding:.6rem 1.2rem;margin:.25rem .5rem .25rem 0;cursor:pointer}"
          "table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left}"
          "input{font:inherit;padding:.4rem;width:100%;max-width:24rem}.declined{background:#fde8e8;padding:1rem;border-left:4px solid #b00}")


def page(title: str, body: str) -> bytes:
    return ("<!doctype html><html lang=en><meta charset=utf-8><meta name=viewport content='width=device-width'>"
            f"<title>{html.escape(title)} - {BANNER}</title><style>{_STYLE}</style>"
            f"<p class=banner role=note>{BANNER}: no real payment is taken here.</p>"
            f"<h1>{html.escape(title)}</h1>{body}</html>").encode("utf-8")


def _money(amount: int, currency: str) -> str:
    return f"{amount / 100:,.2f} {currency.upper()}"


class _Handler(BaseHTTPRequestHandler):
    owner: StandIn
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

    def _redirect(self, location: str):
        self._send(303, b"", "text/plain", {"Location": location})

    def _body(self) -> str:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length).decode("utf-8") if length else ""

    def _dispatch(self):
        parts = urlsplit(self.path)
        path = parts.path
        try:
            if path.startswith("/v1/"):
                return self._api(path, parts.query)
            return self._pages(path)
        except ApiError as error:
            if path.startswith("/v1/"):
                return self._send(error.status, json.dumps(error.body).encode())
            return self._send(error.status, page("Not found", f"<p>{html.escape(str(error))}</p>"), "text/html; charset=utf-8")

    do_GET = do_POST = do_DELETE = _dispatch

    def _api(self, path: str, query: str):
        auth = self.headers.get("Authorization", "")
        if auth != f"Bearer {self.owner.api_key}":
            raise ApiError(401, "Invalid API Key provided.", kind="invalid_request_error")
        params = forms.decode(query if self.command in ("GET", "DELETE") else self._body())
        params.pop("expand", None)
        status, body = self.owner.api(self.command, path, params)
        self._send(status, json.dumps(body).encode(), headers={"Request-Id": new_id("req"),
                                                              "Stripe-Version": API_VERSION})

    def _pages(self, path: str):
        owner, html_kind = self.owner, "text/html; charset=utf-8"
        parts = path.strip("/").split("/")
        if path == "/" and self.command == "GET":
            return self._send(200, self._admin(), html_kind)
        if len(parts) == 4 and parts[:2] == ["admin", "subscriptions"] and self.command == "POST":
            action = {"renew": owner.renew, "fail": owner.fail, "cancel": owner.cancel}.get(parts[3])
            if action is None:
                raise ApiError(404, "No such action.")
            action(parts[2])
            return self._redirect("/")
        if len(parts) == 2 and parts[0] == "pay":
            session = owner.get("checkout_sessions", parts[1], "checkout session")
            if self.command == "GET":
                return self._send(200, self._checkout(session), html_kind)
            form = dict(parse_qsl(self._body()))
            if form.get("action") == "decline":
                return self._send(402, self._declined(session), html_kind)
            owner.pay(session["id"], form.get("email"))
            return self._redirect(session["success_url"].replace("{CHECKOUT_SESSION_ID}", session["id"]))
        if len(parts) >= 2 and parts[0] == "portal":
            portal = owner.get("billing_portal_sessions", parts[1], "billing portal session")
            if self.command == "POST" and len(parts) == 4 and parts[2] == "cancel":
                owner.cancel(parts[3])
                return self._redirect(f"/portal/{parts[1]}")
            return self._send(200, self._portal(portal), html_kind)
        if len(parts) == 2 and parts[0] == "invoices":
            invoice = owner.get("invoices", parts[1], "invoice")
            return self._send(200, page(f"Invoice {invoice['number']}", (
                f"<p>Status: <b>{invoice['status']}</b><br>Amount: {_money(invoice['amount_due'], invoice['currency'])}"
                f"<br>Email: {html.escape(invoice['customer_email'] or '')}</p>")), html_kind)
        raise ApiError(404, "No such page.")

    def _checkout(self, session: dict) -> bytes:
        price = self.owner.objects["prices"][session["_price"]]
        product = self.owner.objects["products"][price["product"]]
        if session["status"] != "open":
            return page("Checkout", "<p>This checkout is already complete.</p>")
        email = html.escape(session["customer_email"] or "")
        return page(f"Subscribe to {product['name']}", (
            f"<p><b>{html.escape(product['name'])}</b>: {_money(price['unit_amount'], price['currency'])} a month.</p>"
            f"<form method=post><label>Email<br><input type=email name=email required value=\"{email}\"></label>"
            "<p>Card: a test card, nothing is charged.</p>"
            "<button name=action value=pay>Pay and subscribe</button>"
            "<button name=action value=decline formnovalidate>Decline the card</button></form>"
            + (f"<p><a href=\"{html.escape(session['cancel_url'])}\">Back</a></p>" if session["cancel_url"] else "")))

    def _declined(self, session: dict) -> bytes:
        back = html.escape(session["cancel_url"] or "/")
        return page("Your card was declined", (
            "<div class=declined role=alert><p><b>Your card was declined.</b> No payment was taken and no "
            "subscription was started.</p></div>"
            f"<p><a href=\"/pay/{session['id']}\">Try another card</a> &middot; "
            f"<a href=\"{back}\">Return to the site</a></p>"))

    def _portal(self, portal: dict) -> bytes:
        rows = "".join(
            f"<tr><td>{s['id']}</td><td>{html.escape(s['items']['data'][0]['price']['lookup_key'] or '')}</td>"
            f"<td>{s['status']}</td><td>" + (
                f"<form method=post action=/portal/{portal['id']}/cancel/{s['id']}><button>Cancel plan</button></form>"
                if s["status"] != "canceled" else "") + "</td></tr>"
            for s in self.owner.objects["subscriptions"].values() if s["customer"] == portal["customer"])
        back = html.escape(portal["return_url"] or "/")
        return page("Billing portal", f"<table><tr><th>Subscription</th><th>Plan</th><th>Status</th><th></th></tr>{rows}"
                                      f"</table><p><a href=\"{back}\">Return to the site</a></p>")

    def _admin(self) -> bytes:
        owner = self.owner
        rows = []
        for s in owner.objects["subscriptions"].values():
            item = s["items"]["data"][0]
            email = owner.objects["customers"][s["customer"]]["email"] or ""
            buttons = "".join(
                f"<form method=post action=/admin/subscriptions/{s['id']}/{action} style=display:inline>"
                f"<button>{label}</button></form>"
                for action, label in (("renew", "Renew (invoice.paid)"), ("fail", "Fail renewal (invoice.payment_failed)"),
                                      ("cancel", "Cancel (subscription.deleted)"))) if s["status"] != "canceled" else ""
            ends = time.strftime("%Y-%m-%d", time.gmtime(item["current_period_end"]))
            rows.append(f"<tr><td>{html.escape(email)}<br><small>{s['id']}</small></td>"
                        f"<td>{html.escape(item['price']['lookup_key'] or item['price']['id'])}</td>"
                        f"<td>{s['status']}</td><td>{ends}</td><td>{buttons}</td></tr>")
        deliveries = "".join(f"<li>{d['type']} <small>{d['event']}</small>: HTTP {d['status']}</li>"
                             for d in reversed(owner.deliveries[-30:]))
        return page("Subscriptions", (
            "<p>Play Stripe's test clocks: each button changes the subscription and sends the signed "
            f"webhooks Stripe would to <code>{html.escape(owner.webhook_url or '(no webhook)')}</code>.</p>"
            "<table><tr><th>Customer</th><th>Plan</th><th>Status</th><th>Period ends</th><th></th></tr>"
            + ("".join(rows) or "<tr><td colspan=5>No subscriptions yet.</td></tr>") + "</table>"
            f"<h2>Webhook deliveries</h2><ul>{deliveries or '<li>None yet.</li>'}</ul>"))
