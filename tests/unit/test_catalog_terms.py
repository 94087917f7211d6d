"""The retainer contract in words (portal.catalog_terms): each sentence follows the catalog's data."""

import re

import pytest

from portal import catalog, catalog_terms


def _data() -> dict:
    """A deep copy of the shipped catalog as plain data, to edit in a test."""
    return catalog.catalog().model_dump()


def _tier(cat: catalog.Catalog, tier_id: str = "essentials-10") -> catalog.Tier:
    return cat.tier(tier_id)


def test_the_shipped_terms_in_words():
    current = catalog.catalog()
    assert catalog_terms.terms_sentences(_tier(current)) == {
        "increment": "Billed in 15-minute increments, rounded up.",
        "rollover": "This month's hours are used first; up to 2 unused hours roll over for 30 days.",
        "alerts": "You are told at 80% and 100% of your hours.",
        "extra-hours": (
            "Extra hours only with your approval (up to 10 a month), at $42 an hour on the next invoice."
        ),
        "surcharges": "Rush work (under 24 hours' notice) +25%; evenings and weekends +50%.",
    }
    assert catalog_terms.hourly_sentences() == {
        "increment": "Billed in 15-minute increments, rounded up.",
        "prepaid": "Prepaid blocks of 5, 10 or 15 hours at $45 an hour, valid 90 days.",
        "surcharges": "Rush work (under 24 hours' notice) +25%; evenings and weekends +50%.",
    }
    assert _tier(current).rollover_text() == catalog_terms.terms_sentences(_tier(current))["rollover"]


@pytest.mark.parametrize(
    "edit, key, sentence",
    [
        (
            lambda d: (
                d["hourly"].update(billing_increment_minutes=6),
                d["terms"].update(billing_increment_minutes=6),
            ),
            "increment",
            "Billed in 6-minute increments, rounded up.",
        ),
        (
            lambda d: d["tiers"][0].update(rollover={"max_hours": 3, "valid_days": 45}),
            "rollover",
            "This month's hours are used first; up to 3 unused hours roll over for 45 days.",
        ),
        (
            lambda d: d["tiers"][0].update(rollover={"max_hours": 1, "valid_days": 1}),
            "rollover",
            "This month's hours are used first; up to 1 unused hour rolls over for 1 day.",
        ),
        (
            lambda d: d["terms"].update(alert_thresholds_percent=[50, 75, 90]),
            "alerts",
            "You are told at 50%, 75% and 90% of your hours.",
        ),
        (
            lambda d: d["terms"].update(alert_thresholds_percent=[100]),
            "alerts",
            "You are told at 100% of your hours.",
        ),
        (
            lambda d: d["terms"].update(approval_cap_hours=6),
            "extra-hours",
            "Extra hours only with your approval (up to 6 a month), at $42 an hour on the next invoice.",
        ),
        (
            lambda d: d["tiers"][0].update(overage_rate=4750),
            "extra-hours",
            "Extra hours only with your approval (up to 10 a month), at $47.50 an hour on the next invoice.",
        ),
        (
            lambda d: d["terms"].update(approval_cap_hours=0),
            "extra-hours",
            "No extra hours beyond your plan's: move to a bigger plan or wait for next month's hours.",
        ),
        (
            lambda d: d["surcharges"].update(
                rush_percent=30, rush_notice_hours=48, evenings_weekends_percent=40
            ),
            "surcharges",
            "Rush work (under 48 hours' notice) +30%; evenings and weekends +40%.",
        ),
        (lambda d: d["surcharges"].update(rush_percent=0), "surcharges", "Evenings and weekends +50%."),
        (lambda d: d["surcharges"].update(rush_percent=0, evenings_weekends_percent=0), "surcharges", None),
    ],
)
def test_a_tier_sentence_follows_its_data(edit, key, sentence):
    data = _data()
    edit(data)
    changed = catalog.Catalog.model_validate(data)
    assert catalog_terms.terms_sentences(_tier(changed), changed).get(key) == sentence
    assert catalog_terms.terms_sentences(_tier(catalog.catalog())).get(key) != sentence


@pytest.mark.parametrize(
    "edit, sentence",
    [
        (
            lambda d: d["hourly"]["prepaid_blocks"].update(hours=[4, 8], valid_days=60),
            "Prepaid blocks of 4 or 8 hours at $45 an hour, valid 60 days.",
        ),
        (
            lambda d: (d["hourly"].update(price=5000), d["hourly"]["prepaid_blocks"].update(hours=[20])),
            "A prepaid block of 20 hours at $50 an hour, valid 90 days.",
        ),
        (lambda d: d["hourly"]["prepaid_blocks"].update(hours=[]), None),
    ],
)
def test_the_prepaid_sentence_follows_its_data(edit, sentence):
    data = _data()
    edit(data)
    assert catalog_terms.hourly_sentences(catalog.Catalog.model_validate(data)).get("prepaid") == sentence


def test_every_number_in_the_words_is_in_the_data():
    current = catalog.catalog()
    terms, sur, blocks = current.terms, current.surcharges, current.hourly.prepaid_blocks
    for tier in current.tiers:
        known = {
            terms.billing_increment_minutes,
            terms.approval_cap_hours,
            *terms.alert_thresholds_percent,
            tier.rollover.max_hours,
            tier.rollover.valid_days,
            tier.overage_rate // 100,
            sur.rush_percent,
            sur.rush_notice_hours,
            sur.evenings_weekends_percent,
        }
        for sentence in catalog_terms.terms_sentences(tier).values():
            assert {int(n) for n in re.findall(r"\d+", sentence)} <= known, sentence
    known = {
        terms.billing_increment_minutes,
        *blocks.hours,
        blocks.valid_days,
        current.hourly.price // 100,
        sur.rush_percent,
        sur.rush_notice_hours,
        sur.evenings_weekends_percent,
    }
    for sentence in catalog_terms.hourly_sentences().values():
        assert {int(n) for n in re.findall(r"\d+", sentence)} <= known, sentence
