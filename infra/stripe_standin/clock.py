"""What happens to subscriptions over time and by people's hands, as Stripe does it: checkout
payments, renewals (with pending invoice items and prorations on the invoice), failed renewals,
plan changes with prorations, cancellations, deleted customers, incomplete subscriptions.

Stripe's traps are kept on purpose: a renewal invoice's own period_start/period_end are the period
that ended, its lines list invoice items and prorations before the subscription's line, and the
subscription's metadata keeps what checkout put there whatever the plan is now.
"""

from __future__ import annotations

import copy
import time

from infra.stripe_standin.invoicing import Invoicing
from infra.stripe_standin.state import MONTH, ApiError, new_id, now

ENDED = ("canceled", "incomplete_expired")


class Clock(Invoicing):
    def _settle(self, invoice: dict) -> dict:
        invoice.update(
            {
                "status": "paid",
                "amount_paid": invoice["amount_due"],
                "amount_remaining": 0,
                "attempt_count": invoice["attempt_count"] + 1,
                "auto_advance": False,
            }
        )
        invoice["status_transitions"]["paid_at"] = now()
        return invoice

    def _open_invoice(self, subscription_id: str) -> dict | None:
        return next(
            (
                i
                for i in self.objects["invoices"].values()
                if i["status"] == "open"
                and ((i["parent"] or {}).get("subscription_details") or {}).get("subscription")
                == subscription_id
            ),
            None,
        )

    def _live(self, subscription_id: str) -> dict | None:
        subscription = self.get("subscriptions", subscription_id, "subscription")
        return None if subscription["status"] in ENDED else subscription

    # ------------------------------------------------------------------ what people do
    def pay(self, session_id: str, email: str | None = None) -> list[dict]:
        """The person paid: for a subscription, its customer, subscription and first invoice; for a
        payment, the payment. Stripe's events, delivered."""
        with self.lock:
            session = self.get("checkout_sessions", session_id, "checkout.session")
            if session["status"] != "open":
                return []
            hidden, at = self.hidden[session_id], now()
            customer = self.objects["customers"].get(session["customer"] or "")
            email = (customer or {}).get("email") or (
                email or session["customer_email"] or ""
            ).strip().lower()
            if customer is None and (
                session["mode"] == "subscription" or session["customer_creation"] == "always"
            ):
                customer = self.api_post_customers(None, {"email": email})
            session.update(
                {
                    "status": "complete",
                    "payment_status": "paid",
                    "customer": (customer or {}).get("id"),
                    "customer_details": {
                        "address": None,
                        "email": email,
                        "name": (customer or {}).get("name"),
                        "phone": None,
                        "tax_exempt": "none",
                        "tax_ids": [],
                    },
                }
            )
            if session["mode"] == "payment":
                session["payment_intent"] = new_id("pi")
                events = [self.event("checkout.session.completed", session)]
            else:
                assert customer is not None  # a subscription's checkout always has its customer (made above)
                price = self.objects["prices"][hidden["lines"][0]["price"]]
                subscription = self._subscription(
                    customer, price, hidden["subscription_metadata"], "active", at
                )
                invoice = self._invoice(
                    customer, subscription, "subscription_create", True, (at, at + MONTH), (at, at)
                )
                session.update({"subscription": subscription["id"], "invoice": invoice["id"]})
                events = [
                    self.event("checkout.session.completed", session),
                    self.event("invoice.paid", invoice),
                    self.event("customer.subscription.created", subscription),
                ]
        self.deliver(events)
        return events

    def create_subscription(self, params: dict) -> dict:
        """POST /v1/subscriptions: with payment_behavior=default_incomplete, an incomplete
        subscription and its open first invoice; otherwise paid at once with the customer's card."""
        customer = self.live_customer(params.get("customer") or "")
        items = params.get("items") or []
        if len(items) != 1 or not items[0].get("price"):
            raise ApiError(
                400, "The stand-in creates subscriptions with one item: items[0][price].", param="items"
            )
        price = self.get("prices", items[0]["price"], "price", param="items[0][price]")
        incomplete = params.get("payment_behavior") == "default_incomplete"
        at = now()
        subscription = self._subscription(
            customer, price, params.get("metadata") or {}, "incomplete" if incomplete else "active", at
        )
        invoice = self._invoice(
            customer, subscription, "subscription_create", not incomplete, (at, at + MONTH), (at, at)
        )
        events = [self.event("customer.subscription.created", subscription)]
        if not incomplete:
            events.append(self.event("invoice.paid", invoice))
        self.deliver(events)
        return subscription

    def renew(self, subscription_id: str) -> list[dict]:
        """The period ends: a renewal that is paid (or the open invoice of a past-due or incomplete
        subscription paid); a subscription set to cancel at period end ends instead."""
        with self.lock:
            subscription = self._live(subscription_id)
            if subscription is None:
                return []
            if subscription["cancel_at_period_end"]:
                return [self.cancel(subscription_id, deliver_event=True)]
            previous = {"status": subscription["status"]}
            open_invoice = self._open_invoice(subscription_id)
            if open_invoice:
                subscription["status"] = "active"
                events = [
                    self.event("invoice.paid", self._settle(open_invoice)),
                    self.event("customer.subscription.updated", subscription, previous),
                ]
            else:
                previous["items"] = copy.deepcopy(subscription["items"])
                invoice = self._next_period(subscription, paid=True)
                subscription["status"] = "active"
                events = [
                    self.event("customer.subscription.updated", subscription, previous),
                    self.event("invoice.paid", invoice),
                ]
        self.deliver(events)
        return events

    def _next_period(self, subscription: dict, paid: bool) -> dict:
        item = subscription["items"]["data"][0]
        start, end = item["current_period_start"], item["current_period_end"]
        item.update({"current_period_start": end, "current_period_end": end + MONTH})
        customer = self.objects["customers"][subscription["customer"]]
        return self._invoice(
            customer, subscription, "subscription_cycle", paid, (end, end + MONTH), (start, end)
        )

    def fail(self, subscription_id: str) -> list[dict]:
        """A renewal whose card is declined: an open invoice and a past-due subscription."""
        with self.lock:
            subscription = self._live(subscription_id)
            if subscription is None or subscription["status"] == "incomplete":
                return []
            previous = {"status": subscription["status"], "items": copy.deepcopy(subscription["items"])}
            invoice = self._next_period(subscription, paid=False)
            subscription["status"] = "past_due"
            events = [
                self.event("invoice.payment_failed", invoice),
                self.event("customer.subscription.updated", subscription, previous),
            ]
        self.deliver(events)
        return events

    def change_plan(
        self, subscription_id: str, price_id: str, proration_behavior: str = "create_prorations"
    ) -> dict:
        """Moves the subscription's item to another price now. Prorations (unused time on the old
        price credited, the rest of the period on the new one charged) wait as pending invoice
        items for the next invoice, or are invoiced at once with always_invoice."""
        with self.lock:
            subscription = self._live(subscription_id)
            if subscription is None:
                raise ApiError(400, "This subscription has ended.")
            item, new = subscription["items"]["data"][0], self.objects["prices"][price_id]
            old = item["price"]
            if old["id"] == new["id"]:
                return subscription
            previous = {"items": copy.deepcopy(subscription["items"])}
            item["price"] = new
            start, end = item["current_period_start"], item["current_period_end"]
            at = min(max(now(), start), end)
            customer = self.objects["customers"][subscription["customer"]]
            events = [self.event("customer.subscription.updated", subscription, previous)]
            if proration_behavior != "none":
                day = time.strftime("%d %b %Y", time.gmtime(at))
                for price, sign, words in ((old, -1, "Unused time on"), (new, 1, "Remaining time on")):
                    amount = sign * round(price["unit_amount"] * (end - at) / (end - start))
                    name = self.objects["products"][price["product"]]["name"]
                    obj = self.invoice_item(
                        customer,
                        amount,
                        price["currency"],
                        f"{words} {name} after {day}",
                        subscription=subscription_id,
                        deliver=False,
                        proration={"item": item["id"], "price": price, "start": at, "end": end},
                    )
                    events.append(self.event("invoiceitem.created", obj))
            if proration_behavior == "always_invoice":
                invoice = self._invoice(customer, subscription, "subscription_update", True, None, (at, at))
                events.append(self.event("invoice.paid", invoice))
        self.deliver(events)
        return subscription

    def cancel(self, subscription_id: str, deliver_event: bool = False):
        """Ends the subscription now: customer.subscription.deleted (delivered). Returns the
        subscription, or with deliver_event the event."""
        with self.lock:
            subscription = self.get("subscriptions", subscription_id, "subscription")
            if subscription["status"] in ENDED:
                return None if deliver_event else subscription
            at = now()
            subscription.update({"status": "canceled", "canceled_at": at, "ended_at": at})
            subscription["cancellation_details"]["reason"] = "cancellation_requested"
            event = self.event("customer.subscription.deleted", subscription)
        self.deliver([event])
        return event if deliver_event else subscription

    def delete_customer(self, customer_id: str) -> list[dict]:
        """The customer is deleted (Dashboard or API): its subscriptions end at once, its pending
        invoice items go, and customer.deleted carries the customer as it was."""
        with self.lock:
            customer = self.objects["customers"][customer_id]
            if customer.get("deleted"):
                return []
            events, at = [], now()
            for subscription in self.objects["subscriptions"].values():
                if subscription["customer"] == customer_id and subscription["status"] not in ENDED:
                    subscription.update({"status": "canceled", "canceled_at": at, "ended_at": at})
                    events.append(self.event("customer.subscription.deleted", subscription))
            for item_id in [
                i["id"]
                for i in self.objects["invoiceitems"].values()
                if i["customer"] == customer_id and i["invoice"] is None
            ]:
                del self.objects["invoiceitems"][item_id]
            self.objects["customers"][customer_id] = {
                "id": customer_id,
                "object": "customer",
                "deleted": True,
            }
            events.append(self.event("customer.deleted", customer))
        self.deliver(events)
        return events

    def expire(self, subscription_id: str) -> list[dict]:
        """An incomplete subscription whose first invoice was never paid (23 hours at Stripe)."""
        with self.lock:
            subscription = self._live(subscription_id)
            if subscription is None or subscription["status"] != "incomplete":
                return []
            invoice = self._open_invoice(subscription_id)
            if invoice:
                invoice.update({"status": "void", "amount_remaining": 0})
                invoice["status_transitions"]["voided_at"] = now()
            subscription.update({"status": "incomplete_expired", "ended_at": now()})
            events = [self.event("customer.subscription.updated", subscription, {"status": "incomplete"})]
        self.deliver(events)
        return events
