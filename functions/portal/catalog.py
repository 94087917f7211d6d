"""The practice's brand and service catalog, loaded once from the YAML files in config/.

Plain data and functions, no AWS: the site (site/hooks/catalog.py), the API (GET /api/catalog),
checkout and the Stripe sync all read the catalog through this module, so a price is typed once.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

CONFIG_DIR = Path(__file__).parent / "config"

Slug = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,62}$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Brand(_Strict):
    practice_name: str
    tagline: str
    assistant_name: str
    contact_email: str
    home_timezone: str
    currency: str = Field(pattern=r"^[a-z]{3}$")
    site_url: str

    @field_validator("home_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        ZoneInfo(value)  # raises for an unknown zone, so a typo fails at load, not at booking time
        return value


class Service(_Strict):
    id: str = Slug
    name: str
    summary: str


class Hourly(_Strict):
    price: int = Field(gt=0, description="minor units per hour")
    minimum_hours: int = Field(ge=0)
    billing_increment_minutes: int = Field(gt=0, le=60)
    prepaid_blocks: list[int]


class Surcharges(_Strict):
    rush_percent: int = Field(ge=0)
    evenings_weekends_percent: int = Field(ge=0)


class Tier(_Strict):
    id: str = Slug
    name: str
    hours_per_month: int = Field(gt=0)
    price: int = Field(gt=0, description="minor units per month")
    overage_rate: int = Field(gt=0, description="minor units per extra hour")
    rollover: str
    minimum_term_months: int = Field(ge=1)
    summary: str
    featured: bool = False


class Catalog(_Strict):
    services: list[Service] = Field(min_length=1)
    hourly: Hourly
    surcharges: Surcharges
    tiers: list[Tier] = Field(min_length=1)

    @field_validator("services", "tiers")
    @classmethod
    def _unique_ids(cls, items: list) -> list:
        ids = [item.id for item in items]
        if len(ids) != len(set(ids)):
            raise ValueError(f"duplicate ids: {sorted({i for i in ids if ids.count(i) > 1})}")
        return items

    def tier(self, tier_id: str) -> Tier | None:
        return next((tier for tier in self.tiers if tier.id == tier_id), None)

    def service_ids(self) -> set[str]:
        return {service.id for service in self.services}


def _load(name: str) -> dict:
    return yaml.safe_load((CONFIG_DIR / name).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def brand() -> Brand:
    return Brand.model_validate(_load("brand.yaml"))


@lru_cache(maxsize=1)
def catalog() -> Catalog:
    return Catalog.model_validate(_load("catalog.yaml"))


def money(amount: int, currency: str | None = None) -> str:
    """Formats minor units for people: 40000 usd -> "$400", 4250 -> "$42.50"."""
    currency = (currency or brand().currency).lower()
    symbol = {"usd": "$", "eur": "€", "gbp": "£", "cad": "CA$", "aud": "A$"}.get(currency)
    major = f"{amount // 100:,}" if amount % 100 == 0 else f"{amount / 100:,.2f}"
    return f"{symbol}{major}" if symbol else f"{major} {currency.upper()}"


Interval = Literal["month"]


def catalog_document() -> dict:
    """The public catalog as GET /api/catalog returns it (and as the pricing page shows it)."""
    current = catalog()
    currency = brand().currency
    return {
        "currency": currency,
        "services": [service.model_dump() for service in current.services],
        "hourly": {
            "price": {"amount": current.hourly.price, "currency": currency, "unit": "hour"},
            "minimum_hours": current.hourly.minimum_hours,
            "billing_increment_minutes": current.hourly.billing_increment_minutes,
            "prepaid_blocks": current.hourly.prepaid_blocks,
        },
        "tiers": [
            {
                "id": tier.id,
                "name": tier.name,
                "summary": tier.summary,
                "hours_per_month": tier.hours_per_month,
                "price": {"amount": tier.price, "currency": currency, "interval": "month"},
                "overage_rate": {"amount": tier.overage_rate, "currency": currency, "unit": "hour"},
                "rollover": tier.rollover,
                "minimum_term_months": tier.minimum_term_months,
                "featured": tier.featured,
            }
            for tier in current.tiers
        ],
    }
