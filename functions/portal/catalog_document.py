"""The public catalog as data: what GET /api/catalog answers (and the pricing page shows), in a language."""

from __future__ import annotations

from typing import Any, Literal

from portal.catalog import brand, catalog

Interval = Literal["month"]


def catalog_document(language: str | None = None) -> dict[str, Any]:
    """The public catalog as GET /api/catalog returns it (and as the pricing page shows it), its
    names, summaries and rollover rule in `language` (default: the practice's)."""
    current = catalog(language)
    currency = brand().currency
    return {
        "currency": currency,
        "services": [service.model_dump() for service in current.services],
        "hourly": {
            "price": {"amount": current.hourly.price, "currency": currency, "unit": "hour"},
            "minimum_hours": current.hourly.minimum_hours,
            "billing_increment_minutes": current.hourly.billing_increment_minutes,
            "prepaid_blocks": [
                {
                    "hours": block.hours,
                    "price": {"amount": block.price, "currency": currency},
                    "valid_days": block.valid_days,
                }
                for block in map(current.block, current.hourly.prepaid_blocks.hours)
                if block is not None  # every listed size is offered
            ],
        },
        "terms": current.terms.model_dump(),
        "surcharges": current.surcharges.model_dump(),
        "tiers": [
            {
                "id": tier.id,
                "name": tier.name,
                "summary": tier.summary,
                "hours_per_month": tier.hours_per_month,
                "price": {"amount": tier.price, "currency": currency, "interval": "month"},
                "overage_rate": {"amount": tier.overage_rate, "currency": currency, "unit": "hour"},
                "rollover": tier.rollover.model_dump(),
                "rollover_text": tier.rollover_text(language),
                "minimum_term_months": tier.minimum_term_months,
                "featured": tier.featured,
            }
            for tier in current.tiers
        ],
    }
