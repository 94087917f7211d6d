"""An invoice's lines as Stripe shapes them: the subscription item's line for a period, and a
pending invoice item's line (a plan change's proration is the subscription item's line, marked
`proration`; any other item is an `invoice_item_details` line)."""

from __future__ import annotations

from infra.stripe_standin.parts import Part
from infra.stripe_standin.state import new_id


def pricing(price: dict | None) -> dict | None:
    """A line's or an invoice item's `pricing`: the price it was made from."""
    if not price:
        return None
    return {
        "price_details": {"price": price["id"], "product": price["product"]},
        "type": "price_details",
        "unit_amount_decimal": str(price["unit_amount"]),
    }


class Lines(Part):
    @staticmethod
    def _line(
        invoice_id: str,
        amount: int,
        currency: str,
        description: str,
        period: tuple,
        parent: dict,
        price: dict | None,
        subscription: str | None,
    ) -> dict:
        return {
            "id": new_id("il"),
            "object": "line_item",
            "amount": amount,
            "currency": currency,
            "description": description,
            "discount_amounts": [],
            "discountable": not parent.get("proration"),
            "discounts": [],
            "invoice": invoice_id,
            "livemode": False,
            "metadata": {},
            "parent": parent,
            "period": {"start": period[0], "end": period[1]},
            "pretax_credit_amounts": [],
            "pricing": pricing(price),
            "quantity": 1,
            "subscription": subscription,
            "subtotal": amount,
            "taxes": [],
        }

    def _item_line(self, item: dict, invoice_id: str) -> dict:
        details = (item["parent"] or {}).get("subscription_details") or {}
        subscription, proration = details.get("subscription"), item["proration"]
        inner = {
            "invoice_item": item["id"],
            "proration": proration,
            "proration_details": {"credited_items": None},
            "subscription": subscription,
        }
        if proration:  # a plan change's proration is the subscription item's line, marked as such
            parent = {
                "type": "subscription_item_details",
                "invoice_item_details": None,
                "subscription_item_details": {**inner, "subscription_item": details.get("subscription_item")},
            }
        else:
            parent = {
                "type": "invoice_item_details",
                "invoice_item_details": inner,
                "subscription_item_details": None,
            }
        price = self.objects["prices"].get((item["pricing"] or {}).get("price_details", {}).get("price", ""))
        return self._line(
            invoice_id,
            item["amount"],
            item["currency"],
            item["description"] or "",
            (item["period"]["start"], item["period"]["end"]),
            parent,
            price,
            subscription,
        )
