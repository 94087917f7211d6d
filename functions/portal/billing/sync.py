"""The catalog in Stripe: one Product and one monthly Price per retainer tier, found by the
tier id as the Price's lookup_key. Idempotent: a second run changes nothing. A changed amount
creates a new Price, moves the lookup key to it and archives the old one; existing subscriptions
keep the price they have (Stripe prices are immutable)."""
from __future__ import annotations

from portal import catalog


def _product_for(stripe, tier_id: str, products: list):
    return next((p for p in products if (p.to_dict().get("metadata") or {}).get("tier") == tier_id), None)


def sync(stripe) -> list[str]:
    """Brings Stripe in line with catalog.yaml; returns what it changed (empty: nothing)."""
    brand, changes = catalog.brand(), []
    products = list(stripe.v1.products.list(params={"limit": 100}).auto_paging_iter())
    for tier in catalog.catalog().tiers:
        name = f"{tier.name} retainer ({tier.hours_per_month} hours a month)"
        product = _product_for(stripe, tier.id, products)
        if product is None:
            product = stripe.v1.products.create(params={"name": name, "description": tier.summary,
                                                     "metadata": {"tier": tier.id}})
            changes.append(f"{tier.id}: created product {product.id}")
        elif product.name != name or product.description != tier.summary or not product.active:
            product = stripe.v1.products.update(product.id, params={"name": name, "description": tier.summary,
                                                                 "active": True})
            changes.append(f"{tier.id}: updated product {product.id}")
        found = stripe.v1.prices.list(params={"lookup_keys": [tier.id], "limit": 1}).data
        current = found[0] if found else None
        if (current is not None and current.active and current.unit_amount == tier.price
                and current.currency == brand.currency and current.product == product.id
                and current.recurring and current.recurring.interval == "month"):
            continue
        price = stripe.v1.prices.create(params={
            "product": product.id, "currency": brand.currency, "unit_amount": tier.price,
            "recurring": {"interval": "month"}, "lookup_key": tier.id, "transfer_lookup_key": True,
            "metadata": {"tier": tier.id}, "nickname": f"{tier.name} monthly"})
        changes.append(f"{tier.id}: created price {price.id} ({catalog.money(tier.price)} a month)")
        if current is not None and current.active:
            stripe.v1.prices.update(current.id, params={"active": False})
            changes.append(f"{tier.id}: archived price {current.id}; its subscribers keep it")
    return changes
