import pytest
from pydantic import ValidationError

from portal import catalog


def test_catalog_loads_with_at_least_three_tiers_and_unique_ids():
    current = catalog.catalog()
    assert len(current.tiers) >= 3
    assert len({tier.id for tier in current.tiers}) == len(current.tiers)
    assert all(tier.price > 0 and tier.hours_per_month > 0 for tier in current.tiers)


def test_duplicate_tier_ids_are_refused():
    data = catalog.catalog().model_dump()
    data["tiers"].append(dict(data["tiers"][0]))
    with pytest.raises(ValidationError, match="duplicate ids"):
        catalog.Catalog.model_validate(data)


def test_unknown_home_time_zone_is_refused():
    data = catalog.brand().model_dump() | {"home_timezone": "Mars/Olympus"}
    with pytest.raises(Exception):
        catalog.Brand.model_validate(data)


@pytest.mark.parametrize("amount, text", [(40000, "$400"), (4250, "$42.50"), (144000, "$1,440")])
def test_money_formats_minor_units(amount, text):
    assert catalog.money(amount, "usd") == text


def test_catalog_document_prices_are_minor_units_per_month():
    document = catalog.catalog_document()
    for tier, source in zip(document["tiers"], catalog.catalog().tiers):
        assert tier["id"] == source.id
        assert tier["price"] == {"amount": source.price, "currency": "usd", "interval": "month"}
