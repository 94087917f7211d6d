"""The stand-in's billing endpoints: /v1/subscriptions, /v1/invoices (and their lines),
/v1/invoiceitems and /v1/webhook_endpoints (the billing portal's are in billing_portal.py)."""

from __future__ import annotations

from infra.stripe_standin import forms
from infra.stripe_standin.parts import Part
from infra.stripe_standin.state import API_VERSION, ApiError, missing

LIVE = ("active", "past_due", "unpaid", "trialing", "incomplete", "paused")


class Billing(Part):
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
