"""Subscriptions, invoice items and invoices as Stripe builds them at the SDK's API version.

An invoice lists the customer's pending invoice items first (a plan change's prorations are lines
of the subscription item, marked `proration`; other items are `invoice_item_details` lines), then
the subscription item's line for the new period. Its own period_start/period_end are, as at
Stripe, the period whose pending items it gathered (for a renewal: the period that ended).
"""

from __future__ import annotations

from infra.stripe_standin.lines import Lines, pricing
from infra.stripe_standin.state import MONTH, new_id, now


class Invoicing(Lines):
    def _subscription(self, customer: dict, price: dict, metadata: dict, status: str, start: int) -> dict:
        subscription_id = new_id("sub")
        return self.store(
            "subscriptions",
            {
                "id": subscription_id,
                "object": "subscription",
                "application": None,
                "automatic_tax": {"disabled_reason": None, "enabled": False, "liability": None},
                "billing_cycle_anchor": start,
                "cancel_at": None,
                "cancel_at_period_end": False,
                "canceled_at": None,
                "cancellation_details": {"comment": None, "feedback": None, "reason": None},
                "collection_method": "charge_automatically",
                "created": start,
                "currency": price["currency"],
                "customer": customer["id"],
                "days_until_due": None,
                "default_payment_method": None,
                "description": None,
                "discounts": [],
                "ended_at": None,
                "latest_invoice": None,
                "livemode": False,
                "metadata": dict(metadata),
                "pending_update": None,
                "schedule": None,
                "start_date": start,
                "status": status,
                "test_clock": None,
                "trial_end": None,
                "trial_start": None,
                "items": {
                    "object": "list",
                    "has_more": False,
                    "url": f"/v1/subscription_items?subscription={subscription_id}",
                    "data": [
                        {
                            "id": new_id("si"),
                            "object": "subscription_item",
                            "created": start,
                            "current_period_end": start + MONTH,
                            "current_period_start": start,
                            "discounts": [],
                            "metadata": {},
                            "price": price,
                            "quantity": 1,
                            "subscription": subscription_id,
                            "tax_rates": [],
                        }
                    ],
                },
            },
        )

    def invoice_item(
        self,
        customer: dict,
        amount: int,
        currency: str,
        description: str | None,
        metadata=None,
        subscription: str | None = None,
        proration: dict | None = None,
        deliver: bool = True,
    ) -> dict:
        """A pending invoice item; `proration` = {item, price, start, end} for a plan change's."""
        at = now()
        item_id, item = new_id("ii"), (proration or {}).get("item")
        price = (proration or {}).get("price")
        obj = self.store(
            "invoiceitems",
            {
                "id": item_id,
                "object": "invoiceitem",
                "amount": amount,
                "currency": currency,
                "customer": customer["id"],
                "date": at,
                "description": description,
                "discountable": proration is None,
                "discounts": [],
                "invoice": None,
                "livemode": False,
                "metadata": {k: str(v) for k, v in (metadata or {}).items()},
                "net_amount": amount,
                "parent": {
                    "type": "subscription_details",
                    "subscription_details": {"subscription": subscription, "subscription_item": item},
                }
                if subscription
                else None,
                "period": {
                    "start": (proration or {}).get("start", at),
                    "end": (proration or {}).get("end", at),
                },
                "pricing": pricing(price),
                "proration": proration is not None,
                "proration_details": {"credited_items": None, "discount_amounts": []},
                "quantity": 1,
                "tax_rates": [],
                "test_clock": None,
            },
        )
        if deliver:
            self.deliver([self.event("invoiceitem.created", obj)])
        return obj

    def _invoice(
        self,
        customer: dict,
        subscription: dict | None,
        reason: str,
        paid: bool,
        period: tuple | None,
        invoice_period: tuple,
    ) -> dict:
        """The customer's pending invoice items (this subscription's and unattached ones) and, for
        `period`, the subscription item's line for it, last."""
        invoice_id, at = new_id("in"), now()
        sub_id = subscription["id"] if subscription else None
        lines = []
        for item in list(self.objects["invoiceitems"].values()):
            owner = ((item["parent"] or {}).get("subscription_details") or {}).get("subscription")
            if item["customer"] == customer["id"] and item["invoice"] is None and owner in (None, sub_id):
                item["invoice"] = invoice_id
                lines.append(self._item_line(item, invoice_id))
        if period:
            assert subscription is not None  # only a subscription's invoice covers a period
            si = subscription["items"]["data"][0]
            price = si["price"]
            product = self.objects["products"][price["product"]]["name"]
            lines.append(
                self._line(
                    invoice_id,
                    price["unit_amount"],
                    price["currency"],
                    f"1 × {product}",
                    period,
                    {
                        "type": "subscription_item_details",
                        "invoice_item_details": None,
                        "subscription_item_details": {
                            "invoice_item": None,
                            "proration": False,
                            "proration_details": {"credited_items": None},
                            "subscription": sub_id,
                            "subscription_item": si["id"],
                        },
                    },
                    price,
                    sub_id,
                )
            )
        total = sum(line["amount"] for line in lines)
        due = max(total, 0)
        invoice = {
            "id": invoice_id,
            "object": "invoice",
            "amount_due": due,
            "amount_overpaid": 0,
            "amount_paid": due if paid else 0,
            "amount_remaining": 0 if paid else due,
            "amount_shipping": 0,
            "attempt_count": 1,
            "attempted": True,
            "auto_advance": not paid,
            "billing_reason": reason,
            "collection_method": "charge_automatically",
            "created": at,
            "currency": subscription["currency"] if subscription else customer.get("currency") or "usd",
            "customer": customer["id"],
            "customer_email": customer["email"],
            "customer_name": customer["name"],
            "description": None,
            "discounts": [],
            "due_date": None,
            "ending_balance": 0,
            "hosted_invoice_url": f"{self.url}/invoices/{invoice_id}",
            "invoice_pdf": None,
            "livemode": False,
            "metadata": {},
            "number": f"STANDIN-{len(self.objects['invoices']) + 1:04d}",
            "parent": {
                "type": "subscription_details",
                "quote_details": None,
                "subscription_details": {"metadata": dict(subscription["metadata"]), "subscription": sub_id},
            }
            if subscription
            else None,
            "period_end": invoice_period[1],
            "period_start": invoice_period[0],
            "starting_balance": 0,
            "status": "paid" if paid else "open",
            "status_transitions": {
                "finalized_at": at,
                "marked_uncollectible_at": None,
                "paid_at": at if paid else None,
                "voided_at": None,
            },
            "subtotal": total,
            "total": total,
            "webhooks_delivered_at": None,
            "lines": {
                "object": "list",
                "data": lines[:10],
                "has_more": len(lines) > 10,
                "url": f"/v1/invoices/{invoice_id}/lines",
            },
        }
        if subscription:
            subscription["latest_invoice"] = invoice_id
        return self.store("invoices", invoice, lines=lines)
