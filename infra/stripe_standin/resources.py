"""The stand-in's customers and checkout endpoints: /v1/customers, /v1/checkout/sessions
(subscription and payment mode). Stripe's parameters, checks and answers for what the portal uses
(the catalog's products and prices are in catalog.py)."""

from __future__ import annotations

import secrets

from infra.stripe_standin import forms
from infra.stripe_standin.parts import Part
from infra.stripe_standin.state import ApiError, missing, new_id, now


class Resources(Part):
    # ------------------------------------------------------------------ customers
    def api_post_customers(self, object_id, params):
        if object_id:
            customer = self.live_customer(object_id, "id")
            customer.update({k: params[k] for k in ("email", "name", "description", "phone") if k in params})
            customer["metadata"].update(forms.metadata(params))
            return customer
        return self.store(
            "customers",
            {
                "id": new_id("cus"),
                "object": "customer",
                "address": None,
                "balance": 0,
                "created": now(),
                "currency": None,
                "default_source": None,
                "delinquent": False,
                "description": params.get("description"),
                "discount": None,
                "email": params.get("email"),
                "invoice_prefix": secrets.token_hex(4).upper(),
                "invoice_settings": {
                    "custom_fields": None,
                    "default_payment_method": None,
                    "footer": None,
                    "rendering_options": None,
                },
                "livemode": False,
                "metadata": forms.metadata(params),
                "name": params.get("name"),
                "next_invoice_sequence": 1,
                "phone": params.get("phone"),
                "preferred_locales": [],
                "shipping": None,
                "tax_exempt": "none",
                "test_clock": None,
            },
        )

    def api_get_customers(self, object_id, params):
        if object_id:
            return self.get("customers", object_id, "customer")
        items = [
            c
            for c in self.objects["customers"].values()
            if not c.get("deleted") and (not params.get("email") or c["email"] == params["email"])
        ]
        return self.listing(items, "/v1/customers", params)

    def api_delete_customers(self, object_id, params):
        self.live_customer(object_id or "", "id")
        self.delete_customer(object_id)
        return self.objects["customers"][object_id]

    def live_customer(self, customer_id: str, param: str = "customer") -> dict:
        customer = self.get("customers", customer_id, "customer", param=param)
        if customer.get("deleted"):
            raise ApiError(
                404 if param == "id" else 400, f"No such customer: '{customer_id}'", "resource_missing", param
            )
        return customer

    # ------------------------------------------------------------------ checkout
    def _checkout_lines(self, mode: str, items: list) -> list[dict]:
        """Each line as {price, amount, quantity, name, currency, recurring}."""
        if not items:
            raise missing("line_items")
        lines = []
        for index, item in enumerate(items):
            quantity = int(item.get("quantity") or 1)
            if item.get("price"):
                price = self.get("prices", item["price"], "price", param=f"line_items[{index}][price]")
                if not price["active"]:
                    raise ApiError(
                        400, f"The price `{price['id']}` is not active.", param=f"line_items[{index}][price]"
                    )
                name = self.objects["products"][price["product"]]["name"]
                line = {
                    "price": price["id"],
                    "amount": price["unit_amount"],
                    "currency": price["currency"],
                    "recurring": bool(price["recurring"]),
                    "tax_behavior": price["tax_behavior"],
                }
            elif item.get("price_data"):
                data = item["price_data"]
                if (
                    not data.get("currency")
                    or "unit_amount" not in data
                    or not (data.get("product_data") or {}).get("name")
                ):
                    raise ApiError(
                        400,
                        "price_data needs currency, unit_amount and product_data[name].",
                        param=f"line_items[{index}][price_data]",
                    )
                name = data["product_data"]["name"]
                line = {
                    "price": None,
                    "amount": int(data["unit_amount"]),
                    "currency": data["currency"],
                    "recurring": bool(data.get("recurring")),
                    "tax_behavior": data.get("tax_behavior", "unspecified"),
                }
            else:
                raise missing(f"line_items[{index}][price]")
            lines.append({**line, "quantity": quantity, "name": name})
        if mode == "subscription" and (len(lines) != 1 or not lines[0]["recurring"] or not lines[0]["price"]):
            raise ApiError(
                400,
                "The stand-in's subscription mode takes one line item with a recurring price.",
                param="line_items",
            )
        if mode == "payment" and any(line["recurring"] for line in lines):
            raise ApiError(400, "You must use `subscription` mode for recurring prices.", param="line_items")
        return lines

    def api_post_checkout_sessions(self, object_id, params):
        if object_id:
            raise ApiError(404, "Checkout Sessions cannot be updated here.")
        for name in ("mode", "success_url"):
            if not params.get(name):
                raise missing(name)
        mode = params["mode"]
        if mode not in ("subscription", "payment"):
            raise ApiError(
                400, "The stand-in supports Checkout in subscription and payment mode.", param="mode"
            )
        if params.get("customer") and params.get("customer_email"):
            raise ApiError(
                400,
                "You may only specify one of these parameters: customer, customer_email.",
                param="customer_email",
            )
        if params.get("customer"):
            self.live_customer(params["customer"])
        lines = self._checkout_lines(mode, params.get("line_items") or [])
        automatic_tax = forms.truthy((params.get("automatic_tax") or {}).get("enabled"))
        if automatic_tax and any(line["tax_behavior"] == "unspecified" for line in lines):
            raise ApiError(
                400,
                "Automatic tax needs a tax_behavior on every price (inclusive or exclusive), or a "
                "default tax behavior in the Stripe Tax settings.",
                param="automatic_tax",
            )
        if (
            automatic_tax
            and params.get("customer")
            and not self.objects["customers"][params["customer"]]["address"]
            and (params.get("customer_update") or {}).get("address") != "auto"
        ):
            raise ApiError(
                400,
                "Automatic tax calculation in Checkout requires a valid address on the Customer. Add "
                "a valid address to the Customer or set either customer_update[address] or "
                "customer_update[shipping] to 'auto'.",
                param="customer_update",
            )
        session_id = "cs_test_" + secrets.token_hex(24)
        total = sum(line["amount"] * line["quantity"] for line in lines)
        session = {
            "id": session_id,
            "object": "checkout.session",
            "mode": mode,
            "status": "open",
            "payment_status": "unpaid",
            "url": f"{self.url}/pay/{session_id}",
            "success_url": params["success_url"],
            "cancel_url": params.get("cancel_url"),
            "customer": params.get("customer"),
            "customer_email": params.get("customer_email"),
            "customer_creation": (params.get("customer_creation") or "if_required")
            if mode == "payment"
            else None,
            "customer_details": None,
            "subscription": None,
            "invoice": None,
            "payment_intent": None,
            "metadata": forms.metadata(params),
            "client_reference_id": params.get("client_reference_id"),
            "allow_promotion_codes": forms.truthy(params.get("allow_promotion_codes")),
            "automatic_tax": {"enabled": automatic_tax, "liability": None, "provider": None, "status": None},
            "billing_address_collection": params.get("billing_address_collection"),
            "amount_total": total,
            "amount_subtotal": total,
            "currency": lines[0]["currency"],
            "created": now(),
            "expires_at": now() + 24 * 3600,
            "livemode": False,
            "locale": None,
            "payment_method_types": ["card"],
            "ui_mode": "hosted",
        }
        return self.store(
            "checkout_sessions",
            session,
            lines=lines,
            subscription_metadata=forms.metadata(params.get("subscription_data") or {}),
            payment_metadata=forms.metadata(params.get("payment_intent_data") or {}),
        )

    def api_get_checkout_sessions(self, object_id, params):
        if not object_id:
            return self.listing(
                list(self.objects["checkout_sessions"].values()), "/v1/checkout/sessions", params
            )
        return self.get("checkout_sessions", object_id, "checkout.session")
