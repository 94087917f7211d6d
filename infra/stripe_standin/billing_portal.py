"""The stand-in's billing portal: /v1/billing_portal/{configurations,sessions}, and what a
customer may do in a portal session under its configuration (cancel, switch plans)."""

from __future__ import annotations

from infra.stripe_standin import forms
from infra.stripe_standin.parts import Part
from infra.stripe_standin.state import ApiError, missing, new_id, now


def _bool(value) -> bool:
    return forms.truthy(value) if isinstance(value, str) else bool(value)


def _portal_features(features: dict, current: dict | None = None) -> dict:
    """A configuration's `features` from form parameters, over `current` (or Stripe's defaults)."""
    features = features or {}
    base = current or {
        "customer_update": {"allowed_updates": [], "enabled": False},
        "invoice_history": {"enabled": False},
        "payment_method_update": {"enabled": False, "payment_method_configuration": None},
        "subscription_cancel": {
            "cancellation_reason": {"enabled": False, "options": []},
            "enabled": False,
            "mode": "at_period_end",
            "proration_behavior": "none",
        },
        "subscription_update": {
            "billing_cycle_anchor": None,
            "default_allowed_updates": [],
            "enabled": False,
            "products": [],
            "proration_behavior": "create_prorations",
            "schedule_at_period_end": {"conditions": []},
            "trial_update_behavior": "end_trial",
        },
    }
    merged = {name: dict(values) for name, values in base.items()}
    for name, values in features.items():
        if name not in merged:
            raise ApiError(400, f"Received unknown parameter: features[{name}]", param=f"features[{name}]")
        for key, value in values.items():
            if key == "enabled":
                value = _bool(value)
            elif key == "products":
                value = [
                    {
                        "adjustable_quantity": {"enabled": False, "maximum": None, "minimum": 1},
                        "prices": list(p.get("prices") or []),
                        "product": p["product"],
                    }
                    for p in value
                ]
            elif key == "cancellation_reason":
                value = {"enabled": _bool(value.get("enabled")), "options": list(value.get("options") or [])}
            merged[name][key] = value
    return merged


def plans(features: dict) -> list[str]:
    """The prices a configuration lets a customer switch to."""
    update = features["subscription_update"]
    if not update["enabled"] or "price" not in update["default_allowed_updates"]:
        return []
    return [price for product in update["products"] for price in product["prices"]]


class BillingPortal(Part):
    def default_portal_configuration(self) -> dict:
        """Stripe's account default, as the Dashboard leaves it: invoices, card and cancellation
        at period end; no plan changes until someone configures them."""
        found = next(
            (c for c in self.objects["billing_portal_configurations"].values() if c["is_default"]), None
        )
        return found or self._configuration(
            {
                "features": {
                    "invoice_history": {"enabled": True},
                    "payment_method_update": {"enabled": True},
                    "subscription_cancel": {"enabled": True, "mode": "at_period_end"},
                }
            },
            is_default=True,
        )

    def _configuration(self, params: dict, is_default: bool = False) -> dict:
        profile = params.get("business_profile") or {}
        return self.store(
            "billing_portal_configurations",
            {
                "id": new_id("bpc"),
                "object": "billing_portal.configuration",
                "active": True,
                "application": None,
                "business_profile": {
                    "headline": profile.get("headline"),
                    "privacy_policy_url": profile.get("privacy_policy_url"),
                    "terms_of_service_url": profile.get("terms_of_service_url"),
                },
                "created": now(),
                "default_return_url": params.get("default_return_url"),
                "features": _portal_features(params.get("features") or {}),
                "is_default": is_default,
                "livemode": False,
                "login_page": {"enabled": False, "url": None},
                "metadata": params.get("metadata") or {},
                "name": params.get("name"),
                "updated": now(),
            },
        )

    def api_post_billing_portal_configurations(self, object_id, params):
        if not object_id:
            if not params.get("features"):
                raise missing("features")
            return self._configuration(params)
        configuration = self.get("billing_portal_configurations", object_id, "configuration")
        if "features" in params:
            configuration["features"] = _portal_features(params["features"], configuration["features"])
        for key in ("default_return_url", "name"):
            if key in params:
                configuration[key] = params[key] or None
        if "business_profile" in params:
            configuration["business_profile"].update(params["business_profile"])
        if "active" in params:
            configuration["active"] = forms.truthy(params["active"])
        configuration["metadata"].update(params.get("metadata") or {})
        configuration["updated"] = now()
        return configuration

    def api_get_billing_portal_configurations(self, object_id, params):
        if object_id:
            return self.get("billing_portal_configurations", object_id, "configuration")
        items = [
            c
            for c in self.objects["billing_portal_configurations"].values()
            if ("active" not in params or c["active"] == forms.truthy(params["active"]))
            and ("is_default" not in params or c["is_default"] == forms.truthy(params["is_default"]))
        ]
        return self.listing(items, "/v1/billing_portal/configurations", params)

    def api_post_billing_portal_sessions(self, object_id, params):
        if not params.get("customer"):
            raise missing("customer")
        self.live_customer(params["customer"])
        configuration = (
            self.get(
                "billing_portal_configurations",
                params["configuration"],
                "configuration",
                param="configuration",
            )
            if params.get("configuration")
            else self.default_portal_configuration()
        )
        session_id = new_id("bps")
        return self.store(
            "billing_portal_sessions",
            {
                "id": session_id,
                "object": "billing_portal.session",
                "configuration": configuration["id"],
                "created": now(),
                "customer": params["customer"],
                "flow": None,
                "livemode": False,
                "locale": None,
                "on_behalf_of": None,
                "return_url": params.get("return_url") or configuration["default_return_url"],
                "url": f"{self.url}/portal/{session_id}",
            },
        )

    def portal_action(self, portal: dict, action: str, subscription_id: str, price_id: str | None) -> None:
        """A button pressed in the portal session `portal`: cancel, or switch to `price_id`."""
        features = self.objects["billing_portal_configurations"][portal["configuration"]]["features"]
        subscription = self.get("subscriptions", subscription_id, "subscription")
        if subscription["customer"] != portal["customer"]:
            raise ApiError(404, "No such subscription.")
        if action == "cancel" and features["subscription_cancel"]["enabled"]:
            if features["subscription_cancel"]["mode"] == "immediately":
                self.cancel(subscription_id)
            else:
                with self.lock:
                    self.api_post_subscriptions(subscription_id, {"cancel_at_period_end": "true"})
        elif action == "plan" and price_id in plans(features):
            self.change_plan(subscription_id, price_id, features["subscription_update"]["proration_behavior"])
        else:
            raise ApiError(404, "This portal does not allow that.")
