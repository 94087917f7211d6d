"""The marketing site in a real browser, as a prospective client sees it."""

import pytest

pytestmark = pytest.mark.e2e


def test_pricing_page_shows_every_tier_from_the_catalog(local_stack, site):
    catalog = local_stack.get("/api/catalog").json()
    site.goto(local_stack.url + "/pricing/")
    for tier in catalog["tiers"]:
        card = site.locator(f'[data-tier-id="{tier["id"]}"]').first
        assert card.is_visible()
        assert tier["name"] in card.inner_text()


def test_site_reads_on_a_phone(local_stack, site):
    site.set_viewport_size({"width": 390, "height": 844})
    site.goto(local_stack.url + "/pricing/")
    overflow = site.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, "the pricing page scrolls sideways on a phone"
