import html
import importlib.util
from pathlib import Path
from zoneinfo import ZoneInfoNotFoundError

import pytest
from mkdocs.theme import Theme
from pydantic import ValidationError

from portal import catalog, catalog_terms
from portal.catalog_document import catalog_document

ROOT = Path(__file__).resolve().parents[2]


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
    with pytest.raises(ZoneInfoNotFoundError, match="Mars/Olympus"):
        catalog.Brand.model_validate(data)


def test_catalog_document_prices_are_minor_units_per_month():
    document = catalog_document()
    for tier, source in zip(document["tiers"], catalog.catalog().tiers, strict=True):
        assert tier["id"] == source.id
        assert tier["price"] == {"amount": source.price, "currency": "usd", "interval": "month"}


# ------------------------------------------------------------------ the retainer contract as data


def _data() -> dict:
    """A deep copy of the shipped catalog as plain data, to edit in a test."""
    return catalog.catalog().model_dump()


def _tier(cat: catalog.Catalog, tier_id: str = "essentials-10") -> catalog.Tier:
    return cat.tier(tier_id)


def test_the_shipped_contract_is_data():
    current = catalog.catalog()
    assert current.hourly.prepaid_blocks == catalog.PrepaidBlocks(hours=[5, 10, 15], valid_days=90)
    assert current.terms == catalog.Terms(
        billing_increment_minutes=15, alert_thresholds_percent=[80, 100], approval_cap_hours=10
    )
    assert {t.id: (t.rollover.max_hours, t.rollover.valid_days) for t in current.tiers} == {
        "essentials-10": (2, 30),
        "professional-20": (4, 30),
        "executive-40": (8, 30),
    }


@pytest.mark.parametrize(
    "edit, message",
    [
        (
            lambda d: d["terms"].update(billing_increment_minutes=30),
            "must equal hourly.billing_increment_minutes",
        ),
        (
            lambda d: d["hourly"].update(billing_increment_minutes=6),
            "must equal hourly.billing_increment_minutes",
        ),
        (lambda d: d["terms"].update(alert_thresholds_percent=[100, 80]), "ascending"),
        (lambda d: d["terms"].update(alert_thresholds_percent=[80, 80, 100]), "ascending"),
        (lambda d: d["terms"].update(alert_thresholds_percent=[0, 100]), "from 1 to 100"),
        (lambda d: d["terms"].update(alert_thresholds_percent=[80, 120]), "from 1 to 100"),
        (lambda d: d["terms"].update(alert_thresholds_percent=[]), "at least 1"),
        (lambda d: d["terms"].update(approval_cap_hours=-1), "greater than or equal to 0"),
        (lambda d: d["terms"].update(grace_days=3), "Extra inputs are not permitted"),
        (lambda d: d.pop("terms"), "terms"),
        (
            lambda d: d["tiers"][0].update(rollover={"max_hours": -1, "valid_days": 30}),
            "greater than or equal to 0",
        ),
        (
            lambda d: d["tiers"][0].update(rollover={"max_hours": 2, "valid_days": -30}),
            "greater than or equal to 0",
        ),
        (lambda d: d["tiers"][0].update(rollover={"max_hours": 2, "valid_days": 0}), "valid_days > 0"),
        (
            lambda d: d["tiers"][0].update(rollover={"max_hours": 11, "valid_days": 30}),
            "exceeds hours_per_month",
        ),
        (lambda d: d["tiers"][0].update(rollover="Up to 2 unused hours roll over for 30 days."), "rollover"),
        (lambda d: d["tiers"][0].update(rollover={"max_hours": 2}), "valid_days"),
        (lambda d: d["hourly"].update(prepaid_blocks=[5, 10, 15]), "prepaid_blocks"),
        (lambda d: d["hourly"]["prepaid_blocks"].update(hours=[10, 5]), "ascending"),
        (lambda d: d["hourly"]["prepaid_blocks"].update(hours=[0, 5]), "positive"),
        (lambda d: d["hourly"]["prepaid_blocks"].update(valid_days=0), "greater than 0"),
        (lambda d: d["surcharges"].update(rush_notice_hours=0), "greater than 0"),
    ],
)
def test_a_contract_that_cannot_be_applied_is_refused(edit, message):
    data = _data()
    edit(data)
    with pytest.raises(ValidationError, match=message):
        catalog.Catalog.model_validate(data)


def test_rollover_of_nothing_means_unused_hours_expire():
    data = _data()
    data["tiers"][0]["rollover"] = {"max_hours": 0, "valid_days": 0}
    tier = _tier(catalog.Catalog.model_validate(data))
    assert tier.rollover_text() == "Unused hours expire at the end of the month."


def test_prepaid_blocks_are_priced_at_the_hourly_rate():
    current = catalog.catalog()
    assert current.prepaid_price(10) == 10 * current.hourly.price == 45000
    assert current.block(10) == catalog.PrepaidBlock(hours=10, price=45000, valid_days=90)
    assert current.block(7) is None  # not a block on offer
    with pytest.raises(ValueError):
        current.prepaid_price(0)


def test_catalog_document_holds_the_contract_as_data():
    document = catalog_document()
    assert document["terms"] == {
        "billing_increment_minutes": 15,
        "alert_thresholds_percent": [80, 100],
        "approval_cap_hours": 10,
    }
    assert document["surcharges"] == {
        "rush_percent": 25,
        "rush_notice_hours": 24,
        "evenings_weekends_percent": 50,
    }
    assert document["hourly"]["prepaid_blocks"] == [
        {"hours": h, "price": {"amount": h * 4500, "currency": "usd"}, "valid_days": 90} for h in (5, 10, 15)
    ]
    essentials = next(t for t in document["tiers"] if t["id"] == "essentials-10")
    assert essentials["rollover"] == {"max_hours": 2, "valid_days": 30}
    assert essentials["rollover_text"] == catalog.catalog().tier("essentials-10").rollover_text()
    assert essentials["overage_rate"] == {"amount": 4200, "currency": "usd", "unit": "hour"}


# ------------------------------------------------------------------ the pricing page says the same


def _hook():
    spec = importlib.util.spec_from_file_location("site_catalog_hook", ROOT / "site" / "hooks" / "catalog.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_built_pricing_page_states_every_sentence(built_site):
    page = (built_site / "pricing" / "index.html").read_text(encoding="utf-8")
    current = catalog.catalog()
    for tier in current.tiers:
        card = page[page.index(f'data-tier-id="{tier.id}"') :]
        card = card[: card.index("</article>")]
        for key, sentence in catalog_terms.terms_sentences(tier).items():
            assert f'data-term="{key}"' in card
            assert sentence in html.unescape(card), (tier.id, sentence)
    hourly = page[page.index('data-catalog="hourly"') :]
    for sentence in catalog_terms.hourly_sentences().values():
        assert sentence in html.unescape(hourly), sentence
    # the prose carries no contract number of its own: nothing here still says the old typed values
    assert "roll over for 30 days," not in page


def test_the_pricing_blocks_are_rendered_from_the_data(monkeypatch):
    data = _data()
    data["tiers"][0]["rollover"] = {"max_hours": 5, "valid_days": 60}
    data["terms"]["alert_thresholds_percent"] = [75, 100]
    data["hourly"]["prepaid_blocks"] = {"hours": [3, 6], "valid_days": 45}
    changed = catalog.Catalog.model_validate(data)
    monkeypatch.setattr(catalog, "catalog", lambda language=None: changed)
    hook = _hook()
    links = {"contact": "../contact/", "pricing": "../pricing/"}
    env = Theme(name="material", custom_dir=str(ROOT / "site" / "overrides")).get_env()
    cards = hook.render(env, "pricing", "en", links)
    assert "This month's hours are used first; up to 5 unused hours roll over for 60 days." in html.unescape(
        cards
    )
    assert 'data-rollover-hours="5" data-rollover-days="60"' in cards
    assert "You are told at 75% and 100% of your hours." in cards
    hourly = hook.render(env, "hourly", "en", links)
    assert "Prepaid blocks of 3 or 6 hours at $45 an hour, valid 45 days." in hourly
    assert (
        '<tr data-block-hours="6" data-valid-days="45"><td>6 hours</td><td data-amount="27000">$270</td>'
        '<td><a class="md-button" data-prepaid="6" href="../contact/">Buy 6 hours</a></td></tr>'
    ) in hourly
    assert (
        hook.fill_placeholders("{{ alert_thresholds }} / {{ prepaid_valid_days }}", "test")
        == "75% and 100% / 45"
    )
