"""The practice's brand and service catalog, loaded once from the YAML files in config/.

Plain data and functions, no AWS: the site (site/hooks/catalog.py), the API (GET /api/catalog),
checkout, the Stripe sync and the hours ledger all read the catalog through this module, so a price
or a contract term is typed once. The words the pricing page uses for the retainer contract are in
portal.catalog_terms, written from the same data the ledger applies.

Names, summaries and the tagline are written in every language brand.yaml offers (portal.catalog_texts):
`brand()` and `catalog()` answer in the practice's default language, `brand("es")` and
`catalog("es")` in another; a missing translation fails loading, naming its key.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from portal import catalog_texts, config_json

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
    # ISO 639-1 codes: the default is served at the site's root, the others under /<code>/.
    default_language: str = Field(default="en", pattern=r"^[a-z]{2}$")
    languages: tuple[str, ...] = ("en",)

    @model_validator(mode="after")
    def _default_is_offered(self) -> Brand:
        if self.default_language not in self.languages:
            raise ValueError(
                f"default_language {self.default_language!r} is not among languages {list(self.languages)}"
            )
        return self

    @field_validator("home_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        ZoneInfo(value)  # raises for an unknown zone, so a typo fails at load, not at booking time
        return value


class Service(_Strict):
    id: str = Slug
    name: str
    summary: str


def _ascending_unique(values: list[int]) -> list[int]:
    if any(later <= earlier for earlier, later in zip(values, values[1:], strict=False)):
        raise ValueError(f"must be ascending, without repeats: {values}")
    return values


class PrepaidBlocks(_Strict):
    """Blocks of hours bought in advance at the hourly price, used within valid_days of purchase."""

    hours: list[int] = Field(description="the block sizes offered, ascending (empty: none)")
    valid_days: int = Field(gt=0, description="days after purchase the block's hours can be used")

    @field_validator("hours")
    @classmethod
    def _sizes(cls, hours: list[int]) -> list[int]:
        if any(h <= 0 for h in hours):
            raise ValueError(f"block sizes must be positive: {hours}")
        return _ascending_unique(hours)


class Hourly(_Strict):
    price: int = Field(gt=0, description="minor units per hour")
    minimum_hours: int = Field(ge=0)
    billing_increment_minutes: int = Field(gt=0, le=60)
    prepaid_blocks: PrepaidBlocks


class Terms(_Strict):
    """The retainer contract, as the hours ledger applies it and the pricing page states it."""

    billing_increment_minutes: int = Field(gt=0, le=60, description="time billed in these blocks, rounded up")
    alert_thresholds_percent: list[int] = Field(
        min_length=1, description="the client is told when this share of the period's hours is used"
    )
    approval_cap_hours: int = Field(ge=0, description="most extra hours a client may approve per period")

    @field_validator("alert_thresholds_percent")
    @classmethod
    def _thresholds(cls, values: list[int]) -> list[int]:
        if any(not 1 <= v <= 100 for v in values):
            raise ValueError(f"thresholds are percentages from 1 to 100: {values}")
        return _ascending_unique(values)


class Surcharges(_Strict):
    rush_percent: int = Field(ge=0)
    rush_notice_hours: int = Field(default=24, gt=0, description="less notice than this makes work rush work")
    evenings_weekends_percent: int = Field(ge=0)


class Rollover(_Strict):
    """Unused hours of a period kept for later: at most max_hours, each usable for valid_days."""

    max_hours: int = Field(ge=0, description="0: unused hours expire at the end of the period")
    valid_days: int = Field(ge=0, description="days a rolled-over hour stays usable")

    @model_validator(mode="after")
    def _lasts_if_kept(self) -> Rollover:
        if self.max_hours and not self.valid_days:
            raise ValueError("rolled-over hours need valid_days > 0 (or max_hours: 0 to let them expire)")
        return self


class Tier(_Strict):
    id: str = Slug
    name: str
    hours_per_month: int = Field(gt=0)
    price: int = Field(gt=0, description="minor units per month")
    overage_rate: int = Field(gt=0, description="minor units per extra hour")
    rollover: Rollover
    minimum_term_months: int = Field(ge=1)
    summary: str
    featured: bool = False

    @model_validator(mode="after")
    def _rollover_within_the_month(self) -> Tier:
        if self.rollover.max_hours > self.hours_per_month:
            raise ValueError(f"tier {self.id}: rollover.max_hours exceeds hours_per_month")
        return self

    def rollover_text(self, language: str | None = None) -> str:
        """The rollover rule in words, e.g. "This month's hours are used first; up to 2 unused hours
        roll over for 30 days." (portal.catalog_terms writes it, in every language)."""
        from portal import catalog_terms  # it imports this module: bound at call time

        return catalog_terms.rollover_sentence(self, language)


class PrepaidBlock(_Strict):
    """One prepaid block on offer, priced: what Catalog.block() answers."""

    hours: int
    price: int = Field(description="minor units for the whole block")
    valid_days: int


class Catalog(_Strict):
    services: list[Service] = Field(min_length=1)
    hourly: Hourly
    terms: Terms
    surcharges: Surcharges
    tiers: list[Tier] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_increment(self) -> Catalog:
        if self.terms.billing_increment_minutes != self.hourly.billing_increment_minutes:
            raise ValueError(
                f"terms.billing_increment_minutes ({self.terms.billing_increment_minutes}) must equal"
                f" hourly.billing_increment_minutes ({self.hourly.billing_increment_minutes})"
            )
        return self

    @field_validator("services", "tiers")
    @classmethod
    def _unique_ids(cls, items: list[Any]) -> list[Any]:
        ids = [item.id for item in items]
        if len(ids) != len(set(ids)):
            raise ValueError(f"duplicate ids: {sorted({i for i in ids if ids.count(i) > 1})}")
        return items

    def tier(self, tier_id: str) -> Tier | None:
        return next((tier for tier in self.tiers if tier.id == tier_id), None)

    def service_ids(self) -> set[str]:
        return {service.id for service in self.services}

    def prepaid_price(self, hours: int) -> int:
        """What `hours` prepaid hours cost, in minor units: hours x the hourly price."""
        if hours <= 0:
            raise ValueError(f"hours must be positive: {hours}")
        return hours * self.hourly.price

    def block(self, hours: int) -> PrepaidBlock | None:
        """The prepaid block of `hours`, priced, if the catalog offers one of that size; else None."""
        blocks = self.hourly.prepaid_blocks
        if hours not in blocks.hours:
            return None
        return PrepaidBlock(hours=hours, price=self.prepaid_price(hours), valid_days=blocks.valid_days)


def _load(name: str) -> dict[str, Any]:
    """A config file's data: from the JSON the package build parsed it into (functions/lambda_build/
    config.py), else from the YAML (a checkout: the local stack, the site's build, the tests)."""
    compiled = CONFIG_DIR / f"{name}.json"
    if compiled.is_file():
        data: dict[str, Any] = config_json.loads(compiled.read_text(encoding="utf-8"))
        return data
    import yaml  # only where the YAML is read: a package has no pyyaml (nor needs its import time)

    loaded: dict[str, Any] = yaml.safe_load((CONFIG_DIR / name).read_text(encoding="utf-8"))
    return loaded


def _offered(raw_brand: dict[str, Any]) -> tuple[tuple[str, ...], str]:
    """brand.yaml's languages and default, read before its texts are (they say which texts must exist)."""
    languages = tuple(raw_brand.get("languages") or Brand.model_fields["languages"].default)
    default = raw_brand.get("default_language") or Brand.model_fields["default_language"].default
    if default not in languages:
        raise ValueError(f"brand.yaml: default_language {default!r} is not among languages {list(languages)}")
    return languages, default


def _language(requested: str | None, languages: tuple[str, ...], default: str) -> str:
    if requested is not None and requested not in languages:
        raise ValueError(f"language {requested!r} is not one of brand.yaml's languages {list(languages)}")
    return requested or default


@lru_cache(maxsize=8)
def brand(language: str | None = None) -> Brand:
    """The brand, its texts in `language` (default: the practice's default language)."""
    raw = _load("brand.yaml")
    languages, default = _offered(raw)
    catalog_texts.check(raw, languages, "brand.yaml")
    return Brand.model_validate(catalog_texts.resolve(raw, _language(language, languages, default)))


@lru_cache(maxsize=8)
def catalog(language: str | None = None) -> Catalog:
    """The catalog, its names and summaries in `language` (default: the practice's default language)."""
    raw = _load("catalog.yaml")
    offered = brand()
    catalog_texts.check(raw, offered.languages, "catalog.yaml")
    chosen = _language(language, offered.languages, offered.default_language)
    return Catalog.model_validate(catalog_texts.resolve(raw, chosen))


def reload() -> None:
    """Forgets the loaded files: the next brand() and catalog() read them again (`mkdocs serve`)."""
    brand.cache_clear()
    catalog.cache_clear()
