"""A visitor changes language: the switcher in the header takes them to the same page in the other
language, whole (its <html lang>, its menu, its words), also after moving through the menu; the
search of a Spanish page finds Spanish pages; and no console error on the way (the language
selector's look for a sitemap beside each translation is answered, see hooks/languages.py)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e


def switch_to(page, code: str):
    page.locator(".md-select").first.hover()
    page.locator(f".md-select__link[hreflang={code}]").click()


def test_the_switcher_goes_to_the_same_page_in_the_other_language(local_stack, site):
    errors = []
    site.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    site.goto(local_stack.url + "/pricing/")
    site.locator("a.md-tabs__link", has_text="FAQ").click()
    site.wait_for_url("**/faq/")
    switch_to(site, "es")
    site.wait_for_url(local_stack.url + "/es/faq/")
    site.locator("h1", has_text="Preguntas frecuentes").wait_for()
    assert site.evaluate("document.documentElement.lang") == "es"
    assert site.locator("a.md-tabs__link", has_text="Precios").is_visible()

    site.locator("a.md-tabs__link", has_text="Precios").click()
    site.wait_for_url("**/es/pricing/")
    site.locator("[data-tier-id]").first.wait_for()
    assert "Suscribirme a" in site.locator("[data-subscribe]").first.inner_text()
    switch_to(site, "en")
    site.wait_for_url(local_stack.url + "/pricing/")
    assert site.evaluate("document.documentElement.lang") == "en"
    assert site.locator("h1").first.inner_text().startswith("Pricing")
    assert errors == []


def search(page, words: str) -> list[str]:
    page.keyboard.press("/")  # Material's search shortcut
    page.locator("input.md-search__input").press_sequentially(words, delay=20)
    page.locator(".md-search-result__item a").first.wait_for()
    return [a.get_attribute("href") for a in page.locator(".md-search-result__item > a").all()]


def test_each_language_searches_its_own_pages(local_stack, site):
    site.goto(local_stack.url + "/es/faq/")
    found = search(site, "cancelar")
    assert found and all(href.startswith(local_stack.url + "/es/") for href in found), found
    site.locator(".md-search-result__item > a").first.click()
    site.wait_for_url("**/es/**")
    assert site.evaluate("document.documentElement.lang") == "es"

    site.goto(local_stack.url + "/faq/")
    found = search(site, "cancel")
    assert found and not [href for href in found if "/es/" in href], found
