"""The site in every language brand.yaml offers (mkdocs-static-i18n, hooks/languages.py): each page has
its translation, built under /<code>/ with the right <html lang>, hreflang links to its twins, the
language switcher, Spanish words around the same containers the page scripts attach to, links that
stay in the page's language, and search that indexes every language."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from portal import catalog, catalog_terms

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "site" / "docs"
OTHER = [code for code in catalog.brand().languages if code != catalog.brand().default_language]


def _default_pages() -> list[str]:
    """Every page of the default language: docs/**/*.md that is not itself a translation (x.es.md)."""
    pages = []
    for path in sorted(DOCS.rglob("*.md")):
        if re.search(r"\.[a-z]{2}\.md$", path.name):
            continue
        pages.append(path.relative_to(DOCS).as_posix())
    return pages


def _twin(page: str, code: str) -> str:
    return page[: -len(".md")] + f".{code}.md"


def _built(page: str, code: str | None = None) -> str:
    """docs path -> built path: faq.md -> faq/index.html, account/index.md -> account/index.html."""
    stem = page[: -len(".md")]
    path = "index.html" if stem == "index" else f"{stem.removesuffix('/index')}/index.html"
    return f"{code}/{path}" if code else path


def _url(built: str) -> str:
    return "/" + built.removesuffix("index.html")


#: Pages another piece of work translates; skipped only until their twin exists.
OWNED_ELSEWHERE = {"book.md", "manage-booking.md"}

PAGES = _default_pages()
PAIRS = [
    pytest.param(
        page,
        code,
        marks=pytest.mark.skipif(
            page in OWNED_ELSEWHERE and not (DOCS / _twin(page, code)).exists(),
            reason=f"{page} is translated by the booking work, not yet merged",
        ),
    )
    for page in PAGES
    for code in OTHER
]


class Head(HTMLParser):
    """<html lang>, the hreflang links, the switcher's links, the article's text and its links."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.lang = None
        self.alternates: dict[str, str] = {}
        self.switcher: dict[str, str] = {}
        self.article_links: list[str] = []
        self.text: list[str] = []
        self._article = 0
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "link" and a.get("rel") == "alternate" and a.get("hreflang"):
            self.alternates[a["hreflang"]] = a["href"]
        if tag == "a" and "md-select__link" in (a.get("class") or ""):
            self.switcher[a.get("hreflang")] = a.get("href")
        if tag == "article":
            self._article += 1
        if tag == "a" and self._article and a.get("href"):
            self.article_links.append(a["href"])

    def handle_endtag(self, tag):
        if tag == "article":
            self._article -= 1

    def handle_data(self, data):
        if self._article:
            self.text.extend(data.split())


def _read(built_site: Path, built: str) -> Head:
    return Head((built_site / built).read_text(encoding="utf-8"))


def test_brand_yaml_offers_another_language_to_test():
    assert OTHER, "brand.yaml offers one language only: nothing here would be checked"


@pytest.mark.parametrize("page, code", PAIRS)
def test_every_page_has_its_translation(page, code):
    assert (DOCS / _twin(page, code)).is_file(), f"site/docs/{page} has no {code} twin {_twin(page, code)}"


@pytest.mark.parametrize("page, code", PAIRS)
def test_a_translation_keeps_the_containers_the_page_scripts_attach_to(page, code):
    """Same ids and data attributes in both languages: assets/*.js find their elements on both."""

    def hooks(text: str) -> tuple[set[str], set[str]]:
        return set(re.findall(r'\bid="([^"]+)"', text)), set(re.findall(r"\b(data-[a-z-]+)", text))

    english = (DOCS / page).read_text(encoding="utf-8")
    translated = (DOCS / _twin(page, code)).read_text(encoding="utf-8")
    assert hooks(translated) == hooks(english)
    assert re.findall(r"<!--\s*catalog:[a-z-]+\s*-->", translated) == re.findall(
        r"<!--\s*catalog:[a-z-]+\s*-->", english
    )


@pytest.mark.parametrize("page, code", PAIRS)
def test_the_built_pages_say_their_language_and_link_to_each_other(built_site, page, code):
    default = catalog.brand().default_language
    here, there = _built(page), _built(page, code)
    english, translated = _read(built_site, here), _read(built_site, there)
    assert english.lang == default and translated.lang == code
    for built, head in ((here, english), (there, translated)):
        base = "https://site.example" + _url(built)
        resolved = {lang: urlsplit(urljoin(base, href)).path for lang, href in head.alternates.items()}
        # x-default: the page for a visitor whose language is not offered, the default language's
        assert resolved == {default: _url(here), code: _url(there), "x-default": _url(here)}, built
        switched = {lang: urlsplit(urljoin(base, href)).path for lang, href in head.switcher.items()}
        assert switched == {default: _url(here), code: _url(there)}, built
    # translated, not copied: most of the words differ (names, numbers and code stay the same)
    shared = set(translated.text) & set(english.text)
    assert len(shared) < 0.6 * len(set(english.text)), f"{there} reads like {here}"


@pytest.mark.parametrize("page, code", PAIRS)
def test_links_in_a_translated_page_stay_in_its_language(built_site, page, code):
    there = _built(page, code)
    base = "https://site.example" + _url(there)
    for href in _read(built_site, there).article_links:
        target = urlsplit(urljoin(base, href))
        if target.netloc != "site.example" or target.path == _url(there):
            continue  # another site, mailto:, or an anchor on this page
        assert target.path.startswith(f"/{code}/"), (there, href)


def test_the_menu_reads_in_the_language(built_site):
    for code in OTHER:
        words = {
            "es": ["Inicio", "Servicios", "Precios", "Preguntas frecuentes", "Iniciar sesión"],
        }.get(code, [])
        home = (built_site / code / "index.html").read_text(encoding="utf-8")
        for word in words:
            assert f">{word}<" in re.sub(r">\s+", ">", re.sub(r"\s+<", "<", home)), (code, word)


def _material_base(built_site: Path, built: str) -> str:
    """Where Material's scripts look for the search index of a page: its __config `base`, resolved."""
    text = (built_site / built).read_text(encoding="utf-8")
    config = json.loads(
        re.search(r'<script id="__config" type="application/json">(.*?)</script>', text, re.S)[1]
    )
    return urlsplit(urljoin("https://site.example" + _url(built), config["base"] + "/")).path


def test_search_has_an_index_per_language_and_leaves_the_private_pages_out(built_site):
    default = catalog.brand().default_language
    root = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert root["config"]["lang"] == [default]
    assert _material_base(built_site, "pricing/index.html") == "/"
    for code in OTHER:
        assert not [doc for doc in root["docs"] if doc["location"].startswith(f"{code}/")]
        index = json.loads((built_site / code / "search" / "search_index.json").read_text(encoding="utf-8"))
        assert index["config"]["lang"] == [code]
        pages = {doc["location"].split("#")[0] for doc in index["docs"]}
        assert {"", "pricing/", "faq/"} <= pages  # relative to /<code>/, as the base of its pages says
        assert all((built_site / code / page / "index.html").is_file() for page in pages)
        assert "practice/" not in pages and "guide/console/" not in pages
        for built in (
            f"{code}/index.html",
            f"{code}/pricing/index.html",
            f"{code}/account/sign-in/index.html",
        ):
            assert _material_base(built_site, built) == f"/{code}/", built
        titles = {doc["title"] for doc in index["docs"]}
        assert titles.isdisjoint({doc["title"] for doc in root["docs"] if doc["location"] == "pricing/"})


def test_the_spanish_pricing_page_is_written_from_the_spanish_catalog(built_site):
    page = (built_site / "es" / "pricing" / "index.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", " ", page)
    text = html.unescape(" ".join(text.split()))
    spanish = catalog.catalog("es")
    for tier in spanish.tiers:
        assert tier.name in text and tier.summary in text
        for sentence in catalog_terms.terms_sentences(tier, spanish, "es").values():
            assert sentence in text, sentence
        assert f"Suscribirme a {tier.name}" in text
    for sentence in catalog_terms.hourly_sentences(spanish, "es").values():
        assert sentence in text, sentence
    assert catalog.brand("es").tagline in (built_site / "es" / "index.html").read_text(encoding="utf-8")
    assert "per month" not in text and "Subscribe to" not in text


def test_pages_load_whole_so_the_switcher_and_the_menu_follow_the_page(built_site):
    """navigation.instant swaps only a page's body: the header's switcher would keep pointing at the
    first page's translations, and a search result in another language would show inside this
    language's menu (checked in a browser built for its own address, where instant navigation runs)."""
    config = re.search(
        r'<script id="__config" type="application/json">(.*?)</script>',
        (built_site / "es" / "faq" / "index.html").read_text(encoding="utf-8"),
        re.S,
    )
    assert "navigation.instant" not in json.loads(config.group(1))["features"]


def test_missing_pages_are_answered_in_the_default_language_and_each_has_its_own(built_site):
    """Every language's build renders the theme's 404.html; the root's must stay the default's."""
    assert (
        Head((built_site / "404.html").read_text(encoding="utf-8")).lang == catalog.brand().default_language
    )
    for code in OTHER:
        assert Head((built_site / code / "404.html").read_text(encoding="utf-8")).lang == code


def test_the_search_dialog_is_named_in_the_page_language(built_site):
    for built, label in (
        ("index.html", "Search"),
        ("es/index.html", "Búsqueda"),
        ("es/404.html", "Búsqueda"),
    ):
        assert f'role="dialog" aria-label="{label}"' in (built_site / built).read_text(encoding="utf-8"), (
            built
        )
