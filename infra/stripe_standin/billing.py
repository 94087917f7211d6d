"""The stand-in's billing endpoints: /v1/subscriptions, /v1/invoices (and their lines),
/v1/invoiceitems, /v1/billing_portal/{sessions,configurations} and /v1/webhook_endpoints."""

from __future__ import annotations

from infra.stripe_standin import forms
from infra.stripe_standin.state import API_VERSION, ApiError, missing, new_id, now

LIVE = ("active", "past_due", "unpaid", "trialing", "incomplete", "paused")


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


class Billing:
    # ------------------------------------------------------------------ subscriptions
    def api_get_subscriptions(self, object_id, params):
        if object_id:
            return self.get("subscriptions", object_id, "subscription")
        status = params.get("status")
        items = [
            s
            for s in self.objects["subscriptions"].values()
            if (not params.get("customer") or s["customer"] == params["customer"])
            and (status == "all" or (s["status"] == status if status else s["status"] != "canceled"))
        ]
        return self.listing(items, "/v1/subscriptions", params)

    def api_post_subscriptions(self, object_id, params):
        if not object_id:
            return self.create_subscription(params)
        subscription = self.get("subscriptions", object_id, "subscription")
        if subscription["status"] in ("canceled", "incomplete_expired"):
            raise ApiError(
                400, "A canceled subscription can only update its cancellation_details and metadata."
            )
        items = params.get("items") or []
        if items:
            item = subscription["items"]["data"][0]
            if items[0].get("id") not in (None, item["id"]) or not items[0].get("price"):
                raise ApiError(
                    400,
                    "The stand-in changes the one item's price: items[0][id], items[0][price].",
                    param="items",
                )
            price = self.get("prices", items[0]["price"], "price", param="items[0][price]")
            return self.change_plan(
                object_id, price["id"], params.get("proration_behavior") or "create_prorations"
            )
        previous = {}
        if "cancel_at_period_end" in params:
            previous["cancel_at_period_end"] = subscription["cancel_at_period_end"]
            subscription["cancel_at_period_end"] = forms.truthy(params["cancel_at_period_end"])
        if params.get("metadata"):
            previous["metadata"] = dict(subscription["metadata"])
            subscription["metadata"].update(params["metadata"])
        self.deliver([self.event("customer.subscription.updated", subscription, previous)])
        return subscription

    def api_delete_subscriptions(self, object_id, params):
        self.get("subscriptions", object_id or "", "subscription")
        return self.cancel(object_id)

    # ------------------------------------------------------------------ invoices
    def api_get_invoices(self, object_id, params, sub=None):
        if object_id:
            invoice = self.get("invoices", object_id, "invoice")
            if sub == "lines":
                lines = self.hidden[object_id]["lines"]  # all of them: the invoice shows ten at most
                return self.listing(list(reversed(lines)), f"/v1/invoices/{object_id}/lines", params)
            return invoice
        items = [
            i
            for i in self.objects["invoices"].values()
            if (not params.get("customer") or i["customer"] == params["customer"])
            and (not params.get("status") or i["status"] == params["status"])
            and (
                not params.get("subscription")
                or (i["parent"] or {}).get("subscription_details", {}).get("subscription")
                == params["subscription"]
            )
        ]
        return self.listing(items, "/v1/invoices", params)

    # ------------------------------------------------------------------ invoice items
    def api_post_invoiceitems(self, object_id, params):
        if object_id:
            raise ApiError(400, "The stand-in does not update invoice items.")
        if not params.get("customer"):
            raise missing("customer")
        customer = self.live_customer(params["customer"])
        if "amount" not in params:
            raise ApiError(
                400,
                "The stand-in creates invoice items from an amount (and currency).",
                "parameter_missing",
                "amount",
            )
        if not params.get("currency"):
            raise missing("currency")
        subscription = params.get("subscription")
        if subscription:
            self.get("subscriptions", subscription, "subscription", param="subscription")
        return self.invoice_item(
            customer,
            int(params["amount"]),
            params["currency"],
            params.get("description"),
            metadata=params.get("metadata") or {},
            subscription=subscription,
        )

    def api_get_invoiceitems(self, object_id, params):
        if object_id:
            return self.get("invoiceitems", object_id, "invoice item")
        pending = params.get("pending")
        items = [
            i
            for i in self.objects["invoiceitems"].values()
            if (not params.get("customer") or i["customer"] == params["customer"])
            and (not params.get("invoice") or i["invoice"] == params["invoice"])
            and (pending is None or (i["invoice"] is None) == forms.truthy(pending))
        ]
        return self.listing(items, "/v1/invoiceitems", params)

    def api_delete_invoiceitems(self, object_id, params):
        item = self.get("invoiceitems", object_id or "", "invoice item")
        if item["invoice"]:
            raise ApiError(400, "This invoice item is already on an invoice and cannot be deleted.")
        del self.objects["invoiceitems"][object_id]
        return {"id": object_id, "object": "invoiceitem", "deleted": True}

    # ------------------------------------------------------------------ billing portal
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

    # ------------------------------------------------------------------ webhook endpoints
    def api_post_webhook_endpoints(self, object_id, params):
        if object_id:
            endpoint = self.get("webhook_endpoints", object_id, "webhook endpoint")
            for key in ("url", "description"):
                if key in params:
                    endpoint[key] = params[key]
            if "enabled_events" in params:
                endpoint["enabled_events"] = list(params["enabled_events"])
            if "disabled" in params:
                endpoint["status"] = "disabled" if forms.truthy(params["disabled"]) else "enabled"
            endpoint["metadata"].update(params.get("metadata") or {})
            return endpoint
        for name in ("url", "enabled_events"):
            if not params.get(name):
                raise missing(name)
        version = params.get("api_version")
        if version and version != API_VERSION:
            raise ApiError(
                400, f"The stand-in renders events in API version {API_VERSION} only.", param="api_version"
            )
        endpoint = self.add_endpoint(
            params["url"],
            list(params["enabled_events"]),
            api_version=version or None,
            description=params.get("description"),
            metadata=params.get("metadata"),
        )
        return {**endpoint, "secret": self.hidden[endpoint["id"]]["secret"]}  # shown once, at creation

    def api_get_webhook_endpoints(self, object_id, params):
        if object_id:
            return self.get("webhook_endpoints", object_id, "webhook endpoint")
        return self.listing(list(self.objects["webhook_endpoints"].values()), "/v1/webhook_endpoints", params)

    def api_delete_webhook_endpoints(self, object_id, params):
        self.get("webhook_endpoints", object_id or "", "webhook endpoint")
        del self.objects["webhook_endpoints"][object_id]
        return {"id": object_id, "object": "webhook_endpoint", "deleted": True}
