"""The catalog and the account's settings in Stripe, from code (`make stripe-sync`, `make deploy`).

- One Product and one monthly Price per retainer tier, found by the tier id as the Price's
  lookup_key. A changed amount (or a tax behaviour that can no longer change) creates a new Price,
  moves the lookup key to it and archives the old one; existing subscriptions keep the price they
  have (Stripe prices are immutable). With automatic tax on, every price carries a tax_behavior.
- The billing-portal configuration the portal's links open (found by its metadata): invoices, card,
  address and tax id, cancellation at period end, and plan changes between the tiers' prices with
  prorations on the next invoice. Not the Dashboard's default, which allows no plan change.
- The webhook endpoint, created with the pinned API version (`stripe_client.API_VERSION`):
  Stripe renders an endpoint's events in the version it was created with, for good.

Every part is idempotent: a second run changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, cast

from portal import catalog, formats
from portal.billing import lifecycle
from portal.billing.stripe_client import API_VERSION

if TYPE_CHECKING:
    from stripe import StripeClient
    from stripe.billing_portal import Configuration
    from stripe.params import PriceCreateParams
    from stripe.params.billing_portal import ConfigurationCreateParams, ConfigurationUpdateParams

    from portal.catalog import Tier

MANAGED_BY = "va-portal"
TAX_BEHAVIORS = ("exclusive", "inclusive")


def _product_for(tier_id: str, products: list[Any]) -> Any:
    return next((p for p in products if (p.to_dict().get("metadata") or {}).get("tier") == tier_id), None)


def sync(
    stripe: StripeClient,
    *,
    automatic_tax: bool = False,
    tax_behavior: str = "exclusive",
    return_url: str | None = None,
) -> list[str]:
    """Brings Stripe in line with catalog.yaml; returns what it changed (empty: nothing)."""
    if tax_behavior not in TAX_BEHAVIORS:
        raise ValueError(f"tax_behavior must be one of {TAX_BEHAVIORS}")
    wanted_tax = tax_behavior if automatic_tax else None
    changes: list[str] = []
    prices: dict[str, tuple[str, str]] = {}
    products = list(stripe.v1.products.list(params={"limit": 100}).auto_paging_iter())
    for tier in catalog.catalog().tiers:
        product, price = _sync_tier(stripe, tier, products, wanted_tax, changes)
        prices[tier.id] = (product, price)
    changes += sync_portal(stripe, prices, return_url)
    return changes


def _sync_tier(
    stripe: StripeClient, tier: Tier, products: list[Any], wanted_tax: str | None, changes: list[Any]
) -> tuple[str, str]:
    brand = catalog.brand()
    name = f"{tier.name} retainer ({tier.hours_per_month} hours a month)"
    product = _product_for(tier.id, products)
    if product is None:
        product = stripe.v1.products.create(
            params={"name": name, "description": tier.summary, "metadata": {"tier": tier.id}}
        )
        changes.append(f"{tier.id}: created product {product.id}")
    elif product.name != name or product.description != tier.summary or not product.active:
        product = stripe.v1.products.update(
            product.id, params={"name": name, "description": tier.summary, "active": True}
        )
        changes.append(f"{tier.id}: updated product {product.id}")
    found = stripe.v1.prices.list(params={"lookup_keys": [tier.id], "limit": 1}).data
    current = found[0] if found else None
    if (
        current is not None
        and current.active
        and current.unit_amount == tier.price
        and current.currency == brand.currency
        and current.product == product.id
        and current.recurring
        and current.recurring.interval == "month"
    ):
        if wanted_tax is None or current.tax_behavior == wanted_tax:
            return product.id, current.id
        if current.tax_behavior == "unspecified":  # may be set once, never changed
            stripe.v1.prices.update(current.id, params={"tax_behavior": wanted_tax})
            changes.append(f"{tier.id}: price {current.id} is now tax-{wanted_tax}")
            return product.id, current.id
    params: PriceCreateParams = {
        "product": product.id,
        "currency": brand.currency,
        "unit_amount": tier.price,
        "recurring": {"interval": "month"},
        "lookup_key": tier.id,
        "transfer_lookup_key": True,
        "metadata": {"tier": tier.id},
        "nickname": f"{tier.name} monthly",
    }
    if wanted_tax:
        params["tax_behavior"] = wanted_tax
    price = stripe.v1.prices.create(params=params)
    changes.append(f"{tier.id}: created price {price.id} ({formats.money(tier.price, 'en')} a month)")
    if current is not None and current.active:
        stripe.v1.prices.update(current.id, params={"active": False})
        changes.append(f"{tier.id}: archived price {current.id}; its subscribers keep it")
    return product.id, price.id


def portal_params(prices: dict[str, tuple[str, str]], return_url: str | None) -> ConfigurationCreateParams:
    """The billing-portal configuration: what a client may do there."""
    params: ConfigurationCreateParams = {
        "business_profile": {"headline": f"{catalog.brand().practice_name}: your retainer"},
        "features": {
            "customer_update": {"enabled": True, "allowed_updates": ["address", "tax_id"]},
            "invoice_history": {"enabled": True},
            "payment_method_update": {"enabled": True},
            # The pricing page's promise: a cancellation takes effect at the end of the paid month.
            "subscription_cancel": {"enabled": True, "mode": "at_period_end", "proration_behavior": "none"},
            # "Any difference shows on your next invoice".
            "subscription_update": {
                "enabled": True,
                "default_allowed_updates": ["price"],
                "proration_behavior": "create_prorations",
                "products": [{"product": product, "prices": [price]} for product, price in prices.values()],
            },
        },
    }
    if return_url:
        params["default_return_url"] = return_url
    return params


def fingerprint(params: Mapping[str, Any]) -> str:
    return hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()[:16]


def managed_portal_configuration(stripe: StripeClient) -> Configuration | None:
    """The portal's own billing-portal configuration, or None (then Stripe's default applies)."""
    listed = stripe.v1.billing_portal.configurations.list(params={"active": True, "limit": 100})
    return next(
        (
            c
            for c in listed.auto_paging_iter()
            if (c.to_dict().get("metadata") or {}).get("managed_by") == MANAGED_BY
        ),
        None,
    )


def sync_portal(
    stripe: StripeClient, prices: dict[str, tuple[str, str]], return_url: str | None
) -> list[str]:
    params = portal_params(prices, return_url)
    mark = fingerprint(params)
    current = managed_portal_configuration(stripe)
    metadata = {"managed_by": MANAGED_BY, "fingerprint": mark}
    if current is None:
        created = stripe.v1.billing_portal.configurations.create(params={**params, "metadata": metadata})
        return [f"billing portal: created configuration {created.id}"]
    if (current.to_dict().get("metadata") or {}).get("fingerprint") == mark:
        return []
    # The same settings as the creation's: Stripe types the two with different TypedDicts.
    update = cast("ConfigurationUpdateParams", {**params, "metadata": metadata})
    stripe.v1.billing_portal.configurations.update(current.id, params=update)
    return [f"billing portal: updated configuration {current.id}"]


def sync_webhook(stripe: StripeClient, url: str, store_secret: Callable[[str], object]) -> list[str]:
    """One enabled endpoint at `url` in the pinned API version, listening for the events the portal
    handles. A new endpoint's signing secret is shown once: `store_secret(secret)` keeps it (in the
    SSM parameter the function reads) before endpoints of another version at `url` are deleted."""
    # Stripe types event names and API versions as literals; these are the portal's own.
    events: list[Any] = sorted(lifecycle.HANDLED)
    mine = [
        e for e in stripe.v1.webhook_endpoints.list(params={"limit": 100}).auto_paging_iter() if e.url == url
    ]
    keep = next((e for e in mine if e.api_version == API_VERSION), None)
    changes: list[str] = []
    if keep is None:
        keep = stripe.v1.webhook_endpoints.create(
            params={
                "url": url,
                "enabled_events": events,
                "api_version": cast(Any, API_VERSION),
                "description": "VA portal: retainers (make stripe-sync)",
                "metadata": {"managed_by": MANAGED_BY},
            }
        )
        store_secret(str(keep.secret))
        changes.append(
            f"webhook: created endpoint {keep.id} for {url} (API version {API_VERSION}); "
            "its signing secret is stored"
        )
    elif sorted(keep.enabled_events) != events or keep.status != "enabled":
        stripe.v1.webhook_endpoints.update(keep.id, params={"enabled_events": events, "disabled": False})
        changes.append(f"webhook: updated endpoint {keep.id} (events, enabled)")
    for old in mine:
        if old.id != keep.id:
            stripe.v1.webhook_endpoints.delete(old.id)
            changes.append(
                f"webhook: deleted endpoint {old.id} (API version {old.api_version or 'account default'})"
            )
    return changes
