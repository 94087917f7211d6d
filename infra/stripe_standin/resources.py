"""The stand-in's catalog, customers and checkout endpoints: /v1/products, /v1/prices,
/v1/customers, /v1/checkout/sessions (subscription and payment mode). Stripe's parameters, checks
and answers for what the portal uses."""

from __future__ import annotations

import secrets

from infra.stripe_standin import forms
from infra.stripe_standin.state import ApiError, missing, new_id, now


def _metadata(params: dict) -> dict:
    return {k: str(v) for k, v in (params.get("metadata") or {}).items()}


class Resources:
    # ------------------------------------------------------------------ products
    def api_post_products(self, object_id, params):
        if object_id:
            product = self.get("products", object_id, "product")
            product.update({k: params[k] for k in ("name", "description") if k in params})
            if "active" in params:
                product["active"] = forms.truthy(params["active"])
            product["metadata"].update(_metadata(params))
            product["updated"] = now()
            return product
        if not params.get("name"):
            raise missing("name")
        return self.store(
            "products",
            {
                "id": params.get("id") or new_id("prod"),
                "object": "product",
                "active": True,
                "name": params["name"],
                "description": params.get("description"),
                "images": [],
                "marketing_features": [],
                "metadata": _metadata(params),
                "default_price": None,
                "created": now(),
                "updated": now(),
                "livemode": False,
                "package_dimensions": None,
                "shippable": None,
                "statement_descriptor": None,
                "tax_code": None,
                "unit_label": None,
                "url": None,
                "type": "service",
            },
        )

    def api_get_products(self, object_id, params):
        if object_id:
            return self.get("products", object_id, "product")
        return self.listing(list(self.objects["products"].values()), "/v1/products", params)

    # ------------------------------------------------------------------ prices
    def api_post_prices(self, object_id, params):
        if object_id:
            price = self.get("prices", object_id, "price")
            if "active" in params:
                price["active"] = forms.truthy(params["active"])
            if "lookup_key" in params:
                self._take_lookup_key(
                    params["lookup_key"], price, forms.truthy(params.get("transfer_lookup_key"))
                )
            if params.get("tax_behavior") and params["tax_behavior"] != price["tax_behavior"]:
                if price["tax_behavior"] != "unspecified":
                    raise ApiError(
                        400,
                        "The tax_behavior of a price cannot be changed once it is inclusive or exclusive.",
                        param="tax_behavior",
                    )
                price["tax_behavior"] = params["tax_behavior"]
            price["metadata"].update(_metadata(params))
            return price
        for name in ("currency", "product"):
            if not params.get(name):
                raise missing(name)
        self.get("products", params["product"], "product", param="product")
        recurring = params.get("recurring") or None
        amount = int(params.get("unit_amount", 0))
        price = {
            "id": new_id("price"),
            "object": "price",
            "active": True,
            "billing_scheme": "per_unit",
            "created": now(),
            "currency": params["currency"],
            "custom_unit_amount": None,
            "livemode": False,
            "lookup_key": None,
            "metadata": _metadata(params),
            "nickname": params.get("nickname"),
            "product": params["product"],
            "recurring": {
                "interval": recurring["interval"],
                "interval_count": int(recurring.get("interval_count", 1)),
                "meter": None,
                "trial_period_days": None,
                "usage_type": "licensed",
            }
            if recurring
            else None,
            "tax_behavior": params.get("tax_behavior", "unspecified"),
            "tiers_mode": None,
            "transform_quantity": None,
            "type": "recurring" if recurring else "one_time",
            "unit_amount": amount,
            "unit_amount_decimal": str(amount),
        }
        if params.get("lookup_key"):
            self._take_lookup_key(
                params["lookup_key"], price, forms.truthy(params.get("transfer_lookup_key"))
            )
        return self.store("prices", price)

    def _take_lookup_key(self, key: str, price: dict, transfer: bool) -> None:
        holder = next(
            (p for p in self.objects["prices"].values() if p["lookup_key"] == key and p is not price), None
        )
        if holder and not transfer:
            raise ApiError(
                400,
                f"A price (`{holder['id']}`) already uses that lookup key.",
                "lookup_key_in_use",
                "lookup_key",
            )
        if holder:
            holder["lookup_key"] = None
        price["lookup_key"] = key

    def api_get_prices(self, object_id, params):
        if object_id:
            return self.get("prices", object_id, "price")
        items = list(self.objects["prices"].values())
        if params.get("lookup_keys"):
            keys = (
                params["lookup_keys"] if isinstance(params["lookup_keys"], list) else [params["lookup_keys"]]
            )
            items = [p for p in items if p["lookup_key"] in keys]
        if "active" in params:
            items = [p for p in items if p["active"] == forms.truthy(params["active"])]
        if params.get("product"):
            items = [p for p in items if p["product"] == params["product"]]
        return self.listing(items, "/v1/prices", params)

    # ------------------------------------------------------------------ customers
    def api_post_customers(self, object_id, params):
        if object_id:
            customer = self.live_customer(object_id, "id")
            customer.update({k: params[k] for k in ("email", "name", "description", "phone") if k in params})
            customer["metadata"].update(_metadata(params))
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
                "metadata": _metadata(params),
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
            "metadata": _metadata(params),
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
            subscription_metadata=_metadata(params.get("subscription_data") or {}),
            payment_metadata=_metadata(params.get("payment_intent_data") or {}),
        )

    def api_get_checkout_sessions(self, object_id, params):
        if not object_id:
            return self.listing(
                list(self.objects["checkout_sessions"].values()), "/v1/checkout/sessions", params
            )
        return self.get("checkout_sessions", object_id, "checkout.session")
