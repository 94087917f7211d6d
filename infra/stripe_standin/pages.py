"""The pages a person uses, drawn from the stand-in's state (handler.py serves them): hosted
checkout, a declined card, the billing portal, an invoice, and the front page that plays Stripe's
test clocks."""

from __future__ import annotations

import html
import time

from infra.stripe_standin.billing_portal import plans

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


# ------------------------------------------------------------------ checkout
def checkout(owner, session: dict) -> bytes:
    if session["status"] != "open":
        return page("Checkout", "<p>This checkout is already complete.</p>")
    lines = owner.hidden[session["id"]]["lines"]
    period = " a month" if session["mode"] == "subscription" else ""
    items = "".join(
        f"<li><b>{e(line['name'])}</b> × {line['quantity']}: "
        f"{money(line['amount'] * line['quantity'], line['currency'])}{period}</li>"
        for line in lines
    )
    customer = owner.objects["customers"].get(session["customer"] or "")
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


def declined(session: dict) -> bytes:
    back = e(session["cancel_url"] or "/")
    return page(
        "Your card was declined",
        (
            "<div class=declined role=alert><p><b>Your card was declined.</b> No payment was taken and no "
            "subscription was started.</p></div>"
            f'<p><a href="/pay/{session["id"]}">Try another card</a> &middot; '
            f'<a href="{back}">Return to the site</a></p>'
        ),
    )


# ------------------------------------------------------------------ billing portal
def portal(owner, portal: dict) -> bytes:
    features = owner.objects["billing_portal_configurations"][portal["configuration"]]["features"]
    rows = []
    for s in owner.objects["subscriptions"].values():
        if s["customer"] != portal["customer"]:
            continue
        price, actions = s["items"]["data"][0]["price"], ""
        if s["status"] not in ("canceled", "incomplete_expired"):
            for other in plans(features):
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


def invoice(owner, invoice: dict) -> bytes:
    lines = "".join(
        f"<tr><td>{e(line['description'] or '')}</td><td>{money(line['amount'], line['currency'])}</td></tr>"
        for line in owner.hidden[invoice["id"]]["lines"]
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
def admin(owner) -> bytes:
    rows = []
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
            f"webhooks Stripe would to <code>{e(owner.webhook_url or '(no webhook endpoint)')}</code>.</p>"
            "<table><tr><th>Customer</th><th>Plan</th><th>Status</th><th>Period ends</th><th></th></tr>"
            + ("".join(rows) or "<tr><td colspan=5>No subscriptions yet.</td></tr>")
            + "</table>"
            f"<h2>Webhook deliveries</h2><ul>{deliveries or '<li>None yet.</li>'}</ul>"
        ),
    )
