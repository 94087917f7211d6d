"""The stand-in over HTTP: Stripe's API under /v1/ (form-encoded, Bearer key, Idempotency-Key),
and the pages a person uses: hosted checkout (/pay/), the billing portal (/portal/), invoices,
and the front page that plays Stripe's test clocks."""

from __future__ import annotations

import html
import json
import time
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qsl, urlsplit

from infra.stripe_standin import forms
from infra.stripe_standin.state import API_VERSION, ApiError, new_id

BANNER = "Local test stand-in — not Stripe"
_STYLE = (
    "body{font:17px system-ui;max-width:48rem;margin:0 auto;padding:0 1rem 3rem;color:#222}"
    ".banner{background:#8a1c00;color:#fff;padding:.75rem 1rem;margin:0 -1rem 1.5rem;font-weight:700}"
    "button{font:inherit;padding:.5rem 1rem;margin:.2rem .4rem .2rem 0;cursor:pointer}form{display:inline}"
    "table{border-collapse:collapse;width:100%}"
    "td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left}"
    "input{font:inherit;padding:.4rem;width:100%;max-width:24rem}"
    ".declined{background:#fde8e8;padding:1rem;border-left:4px solid #b00}"
)
e = html.escape


def page(title: str, body: str) -> bytes:
    return (
        "<!doctype html><html lang=en><meta charset=utf-8><meta name=viewport content='width=device-width'>"
        f"<title>{e(title)} - {BANNER}</title><style>{_STYLE}</style>"
        f"<p class=banner role=note>{BANNER}: no real payment is taken here.</p>"
        f"<h1>{e(title)}</h1>{body}</html>"
    ).encode()


def money(amount: int, currency: str) -> str:
    return f"{amount / 100:,.2f} {currency.upper()}"


def button(action: str, label: str) -> str:
    return f"<form method=post action={action}><button>{e(label)}</button></form>"


class Handler(BaseHTTPRequestHandler):
    owner = None  # the StandIn, set by StandIn.start()
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
            return self._html(page("Not found", f"<p>{e(str(error))}</p>"), error.status)

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
            return self._html(self._admin())
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
                return self._html(self._checkout(session))
            form = dict(parse_qsl(self._body()))
            if form.get("action") == "decline":
                return self._html(self._declined(session), 402)
            owner.pay(session["id"], form.get("email"))
            return self._redirect(session["success_url"].replace("{CHECKOUT_SESSION_ID}", session["id"]))
        if len(parts) >= 2 and parts[0] == "portal":
            portal = owner.get("billing_portal_sessions", parts[1], "billing portal session")
            if post and len(parts) >= 4:
                self._portal_action(portal, parts[2], parts[3], parts[4] if len(parts) > 4 else None)
                return self._redirect(f"/portal/{parts[1]}")
            return self._html(self._portal(portal))
        if len(parts) == 2 and parts[0] == "invoices":
            return self._html(self._invoice(owner.get("invoices", parts[1], "invoice")))
        raise ApiError(404, "No such page.")

    # ------------------------------------------------------------------ checkout
    def _checkout(self, session: dict) -> bytes:
        if session["status"] != "open":
            return page("Checkout", "<p>This checkout is already complete.</p>")
        lines = self.owner.hidden[session["id"]]["lines"]
        period = " a month" if session["mode"] == "subscription" else ""
        items = "".join(
            f"<li><b>{e(line['name'])}</b> × {line['quantity']}: "
            f"{money(line['amount'] * line['quantity'], line['currency'])}{period}</li>"
            for line in lines
        )
        customer = self.owner.objects["customers"].get(session["customer"] or "")
        email = e((customer or {}).get("email") or session["customer_email"] or "")
        locked = " readonly" if customer or session["customer_email"] else ""
        verb = "Pay and subscribe" if session["mode"] == "subscription" else "Pay"
        title = f"Subscribe to {lines[0]['name']}" if session["mode"] == "subscription" else "Pay"
        return page(
            title,
            (
                f"<ul>{items}</ul><p>Total: "
                f"<b>{money(session['amount_total'], session['currency'])}</b>{period}</p>"
                "<form method=post><label>Email<br><input type=email name=email required "
                f'value="{email}"{locked}></label>'
                f"<p>Card: a test card, nothing is charged.</p><button name=action value=pay>{verb}</button>"
                "<button name=action value=decline formnovalidate>Decline the card</button></form>"
                + (f'<p><a href="{e(session["cancel_url"])}">Back</a></p>' if session["cancel_url"] else "")
            ),
        )

    def _declined(self, session: dict) -> bytes:
        back = e(session["cancel_url"] or "/")
        return page(
            "Your card was declined",
            (
                "<div class=declined role=alert><p><b>Your card was declined.</b> No payment was taken and "
                "no "
                "subscription was started.</p></div>"
                f'<p><a href="/pay/{session["id"]}">Try another card</a> &middot; '
                f'<a href="{back}">Return to the site</a></p>'
            ),
        )

    # ------------------------------------------------------------------ billing portal
    def _portal_action(self, portal: dict, action: str, subscription_id: str, price_id: str | None):
        owner = self.owner
        features = owner.objects["billing_portal_configurations"][portal["configuration"]]["features"]
        subscription = owner.get("subscriptions", subscription_id, "subscription")
        if subscription["customer"] != portal["customer"]:
            raise ApiError(404, "No such subscription.")
        if action == "cancel" and features["subscription_cancel"]["enabled"]:
            if features["subscription_cancel"]["mode"] == "immediately":
                owner.cancel(subscription_id)
            else:
                with owner.lock:
                    owner.api_post_subscriptions(subscription_id, {"cancel_at_period_end": "true"})
        elif action == "plan" and price_id in self._plans(features):
            owner.change_plan(
                subscription_id, price_id, features["subscription_update"]["proration_behavior"]
            )
        else:
            raise ApiError(404, "This portal does not allow that.")

    @staticmethod
    def _plans(features: dict) -> list[str]:
        update = features["subscription_update"]
        if not update["enabled"] or "price" not in update["default_allowed_updates"]:
            return []
        return [price for product in update["products"] for price in product["prices"]]

    def _portal(self, portal: dict) -> bytes:
        owner = self.owner
        features = owner.objects["billing_portal_configurations"][portal["configuration"]]["features"]
        rows = []
        for s in owner.objects["subscriptions"].values():
            if s["customer"] != portal["customer"]:
                continue
            price, actions = s["items"]["data"][0]["price"], ""
            if s["status"] not in ("canceled", "incomplete_expired"):
                for other in self._plans(features):
                    if other != price["id"]:
                        target = owner.objects["prices"][other]
                        name = owner.objects["products"][target["product"]]["name"]
                        actions += button(
                            f"/portal/{portal['id']}/plan/{s['id']}/{other}",
                            f"Switch to {name} ({money(target['unit_amount'], target['currency'])})",
                        )
                if features["subscription_cancel"]["enabled"] and not s["cancel_at_period_end"]:
                    actions += button(f"/portal/{portal['id']}/cancel/{s['id']}", "Cancel plan")
            ends = " (ends at period end)" if s["cancel_at_period_end"] else ""
            rows.append(
                f"<tr><td>{s['id']}</td><td>{e(price['lookup_key'] or price['id'])}</td>"
                f"<td>{s['status']}{ends}</td><td>{actions}</td></tr>"
            )
        back = e(portal["return_url"] or "/")
        return page(
            "Billing portal",
            "<table><tr><th>Subscription</th><th>Plan</th><th>Status</th><th></th></tr>"
            + "".join(rows)
            + f'</table><p><a href="{back}">Return to the site</a></p>',
        )

    def _invoice(self, invoice: dict) -> bytes:
        lines = "".join(
            f"<tr><td>{e(line['description'] or '')}</td>"
            f"<td>{money(line['amount'], line['currency'])}</td></tr>"
            for line in self.owner.hidden[invoice["id"]]["lines"]
        )
        return page(
            f"Invoice {invoice['number']}",
            (
                f"<p>Status: <b>{invoice['status']}</b><br>Amount due: "
                f"{money(invoice['amount_due'], invoice['currency'])}"
                f"<br>Email: {e(invoice['customer_email'] or '')}</p><table>{lines}</table>"
            ),
        )

    # ------------------------------------------------------------------ test clocks
    def _admin(self) -> bytes:
        owner, rows = self.owner, []
        for s in owner.objects["subscriptions"].values():
            item, customer = s["items"]["data"][0], owner.objects["customers"][s["customer"]]
            actions = {
                "incomplete": (("renew", "Pay the open invoice"), ("expire", "Expire (incomplete_expired)"))
            }.get(
                s["status"],
                (
                    ("renew", "Renew (invoice.paid)"),
                    ("fail", "Fail renewal (invoice.payment_failed)"),
                    ("cancel", "Cancel (subscription.deleted)"),
                ),
            )
            buttons = (
                "".join(button(f"/admin/subscriptions/{s['id']}/{a}", label) for a, label in actions)
                if s["status"] not in ("canceled", "incomplete_expired")
                else ""
            )
            if not customer.get("deleted"):
                buttons += button(
                    f"/admin/customers/{customer['id']}/delete", "Delete customer (customer.deleted)"
                )
            ends = time.strftime("%Y-%m-%d", time.gmtime(item["current_period_end"]))
            rows.append(
                f"<tr><td>{e(customer.get('email') or '(deleted)')}<br><small>{s['id']}</small></td>"
                f"<td>{e(item['price']['lookup_key'] or item['price']['id'])}</td>"
                f"<td>{s['status']}</td><td>{ends}</td><td>{buttons}</td></tr>"
            )
        deliveries = "".join(
            f"<li>{d['type']} <small>{d['event']}</small>: HTTP {d['status']}</li>"
            for d in reversed(owner.deliveries[-30:])
        )
        return page(
            "Subscriptions",
            (
                "<p>Play Stripe's test clocks: each button changes the subscription and sends the signed "
                "webhooks Stripe would to "
                f"<code>{e(owner.webhook_url or '(no webhook endpoint)')}</code>.</p>"
                "<table><tr><th>Customer</th><th>Plan</th><th>Status</th><th>Period ends</th><th></th></tr>"
                + ("".join(rows) or "<tr><td colspan=5>No subscriptions yet.</td></tr>")
                + "</table>"
                f"<h2>Webhook deliveries</h2><ul>{deliveries or '<li>None yet.</li>'}</ul>"
            ),
        )
