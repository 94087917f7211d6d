"""The stand-in's catalog endpoints: /v1/products and /v1/prices (lookup keys, transfers)."""

from __future__ import annotations

from infra.stripe_standin import forms
from infra.stripe_standin.parts import Part
from infra.stripe_standin.state import ApiError, missing, new_id, now


class Catalog(Part):
    # ------------------------------------------------------------------ products
    def api_post_products(self, object_id, params):
        if object_id:
            product = self.get("products", object_id, "product")
            product.update({k: params[k] for k in ("name", "description") if k in params})
            if "active" in params:
                product["active"] = forms.truthy(params["active"])
            product["metadata"].update(forms.metadata(params))
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
                "metadata": forms.metadata(params),
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
            price["metadata"].update(forms.metadata(params))
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
            "metadata": forms.metadata(params),
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
