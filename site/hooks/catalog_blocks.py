"""The catalog's blocks for the pages, in the page's language: hooks/catalog.py puts each where its
marker is. The HTML is in the theme's overrides (overrides/partials/catalog/<marker>.html, Jinja);
this module gives the templates their data (portal.catalog in the language), the contract's
sentences (portal.catalog_terms), the words around them (catalog_words.yaml) and a few helpers
(money as the language writes it, by portal.formats; counts). Every number comes from
portal.catalog, every sentence from portal.catalog_terms.
"""

from __future__ import annotations

import html
from functools import lru_cache
from pathlib import Path

import yaml
from babel.dates import get_timezone_location
from mkdocs.exceptions import PluginError

from portal import catalog as source
from portal import catalog_terms, formats

WORDS_FILE = Path(__file__).resolve().parent / "catalog_words.yaml"

#: <!-- catalog:<name> --> -> its template under the theme's custom_dir.
MARKERS: dict[str, str] = {
    "pricing": "partials/catalog/pricing.html",
    "tiers-teaser": "partials/catalog/tiers-teaser.html",
    "hourly": "partials/catalog/hourly.html",
    "services": "partials/catalog/services.html",
}


def e(value: object) -> str:
    """HTML-escapes text and attribute values (quotes included)."""
    return html.escape(str(value), quote=True)


@lru_cache(maxsize=1)
def _all_words() -> dict:
    return yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))


def words(language: str) -> dict:
    """The blocks' words in `language`; every key of the default language's must be there too."""
    every = _all_words()
    default = source.brand().default_language
    if language not in every:
        raise PluginError(f"hooks/catalog_words.yaml has no words in {language!r}")
    missing = sorted(set(every[default]) - set(every[language]))
    missing += sorted(
        f"labels.{key}" for key in set(every[default]["labels"]) - set(every[language].get("labels", {}))
    )
    if missing:
        raise PluginError(f"hooks/catalog_words.yaml: {language} has no {', '.join(missing)}")
    return every[language]


def count(n: int, unit: str, language: str) -> str:
    """count(3, "hours", "en") -> "3 hours" (the unit's forms in catalog_words.yaml)."""
    forms = words(language)[unit]
    return (forms["one"] if n == 1 else forms["other"]).format(n=n)


def join(items: list[str], word: str, language: str) -> str:
    """["5", "10", "15"], "or" -> "5, 10 or 15" ("5, 10 o 15" in Spanish)."""
    if len(items) <= 1:
        return "".join(items)
    return catalog_terms.phrases(language).join(items, words(language)[word])


def timezone_city(zone: str, language: str) -> str:
    """America/New_York -> "New York" ("Nueva York" in Spanish), from the CLDR's city names."""
    try:
        return get_timezone_location(zone, locale=language, return_city=True)
    except (LookupError, ValueError):  # a zone or locale the CLDR does not know: the IANA name
        return zone.rsplit("/", 1)[-1].replace("_", " ")


def context(language: str, links: dict[str, str]) -> dict:
    """What every block's template is given."""
    cat, t = source.catalog(language), words(language)
    return {
        "cat": cat,
        "currency": source.brand().currency,
        "links": links,
        "t": t,
        "money": lambda amount: formats.money(amount, language),
        "count": lambda n, unit: count(n, unit, language),
        "say": lambda key, **values: t[key].format(**values),
        "terms_sentences": lambda tier: catalog_terms.terms_sentences(tier, cat, language),
        "hourly_sentences": lambda: catalog_terms.hourly_sentences(cat, language),
    }


def render(env, name: str, language: str, links: dict[str, str]) -> str:
    """The block of marker `name` as one raw HTML block: each element on its own line, no blank or
    indented line (either would end the block or turn it into code for Markdown)."""
    template = env.overlay(autoescape=True).get_template(MARKERS[name])
    out = template.render(context(language, links))
    return "\n".join(line.strip() for line in out.splitlines() if line.strip())
