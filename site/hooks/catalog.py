"""MkDocs hook: the site's names and prices come from functions/portal/config/*.yaml, never from the pages.

It imports the same module the API uses (functions/portal/catalog.py), so the pricing page and
GET /api/catalog cannot disagree, and nothing a client pays or reads as a name is typed twice.

Every page is written in one language (the i18n plugin builds one language after the other, see
hooks/languages.py): its names, tagline, words and sentences are that language's.

on_config
    site_name, site_description (the tagline in the language being built), site_url and copyright
    from brand.yaml; the two YAML files are watched by `mkdocs serve` and re-read on every build.

on_page_markdown
    Block markers, each alone on its own line, replaced by the HTML of its template in the theme's
    overrides (overrides/partials/catalog/<name>.html, see hooks/catalog_blocks.py):

        <!-- catalog:pricing -->       retainer tier cards (data-tier-id, data-amount, data-hours,
                                       the contract's terms in words from
                                       portal.catalog_terms.terms_sentences, one <li data-term> each,
                                       a "Subscribe to <tier>" button with data-subscribe,
                                       which assets/subscribe.js turns into Stripe Checkout)
        <!-- catalog:tiers-teaser -->  a compact tier list for the home page, linking to pricing
        <!-- catalog:hourly -->        hourly rate, minimum, the terms in words from
                                       portal.catalog_terms.hourly_sentences (billing increment, prepaid
                                       blocks, surcharges), prepaid blocks and surcharges tables
        <!-- catalog:services -->      the services (name + summary, data-service-id)

    Inline placeholders, written {{ name }}, replaced by HTML-escaped text in the page's language
    (see placeholders() below).
    An unknown marker or placeholder, or a page without a `description:` in its front matter, fails
    the build, so a typo cannot reach the published site.
"""

from __future__ import annotations

import html
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

FUNCTIONS_DIR = Path(__file__).resolve().parents[2] / "functions"
if str(FUNCTIONS_DIR) not in sys.path:
    sys.path.insert(0, str(FUNCTIONS_DIR))

HOOKS_DIR = Path(__file__).resolve().parent
if str(HOOKS_DIR) not in sys.path:
    sys.path.insert(0, str(HOOKS_DIR))

from catalog_blocks import MARKERS, count, e, join, render, timezone_city  # noqa: E402  (needs the paths above)

from portal import catalog as source  # noqa: E402
from portal import formats  # noqa: E402

MARKER = re.compile(r"^[ \t]*<!--\s*catalog:([a-z0-9-]+)\s*-->[ \t]*$", re.MULTILINE)
ANY_MARKER = re.compile(r"<!--\s*catalog:([^>]*?)\s*-->")
PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z0-9_]+)\s*\}\}")
LEFTOVER = re.compile(r"\{\{|\}\}")

#: Pages the generated HTML links to (source paths under docs/).
CONTACT_PAGE = "contact.md"
PRICING_PAGE = "pricing.md"


# ---------------------------------------------------------------------------------------------
# Inline placeholders: name -> function returning plain text (escaped on substitution).
# ---------------------------------------------------------------------------------------------


def placeholders(language: str) -> dict[str, Callable[[], str]]:
    """The placeholders of a page in `language`: name -> function answering plain text."""

    def b():
        return source.brand(language)

    def c():
        return source.catalog(language)

    return {
        # brand.yaml
        "practice_name": lambda: b().practice_name,
        "assistant_name": lambda: b().assistant_name,
        "assistant_first_name": lambda: b().assistant_name.split()[0],
        "contact_email": lambda: b().contact_email,
        "tagline": lambda: b().tagline,
        "home_timezone": lambda: b().home_timezone,
        "home_timezone_city": lambda: timezone_city(b().home_timezone, language),
        "currency": lambda: b().currency.upper(),
        # catalog.yaml
        "hourly_rate": lambda: formats.money(c().hourly.price, language),
        "minimum_hours": lambda: str(c().hourly.minimum_hours),
        "billing_increment_minutes": lambda: str(c().hourly.billing_increment_minutes),
        "prepaid_blocks": lambda: join([str(h) for h in c().hourly.prepaid_blocks.hours], "or", language),
        "prepaid_valid_days": lambda: str(c().hourly.prepaid_blocks.valid_days),
        "alert_thresholds": lambda: join(
            [f"{p}%" for p in c().terms.alert_thresholds_percent], "and", language
        ),
        "approval_cap_hours": lambda: str(c().terms.approval_cap_hours),
        "rush_percent": lambda: str(c().surcharges.rush_percent),
        "rush_notice": lambda: count(c().surcharges.rush_notice_hours, "notice", language),
        "rush_notice_hours": lambda: str(c().surcharges.rush_notice_hours),
        "evenings_weekends_percent": lambda: str(c().surcharges.evenings_weekends_percent),
        "tier_count": lambda: str(len(c().tiers)),
        "tier_names": lambda: join([t.name for t in c().tiers], "or", language),
        "lowest_tier_price": lambda: formats.money(min(t.price for t in c().tiers), language),
        "lowest_tier_hours": lambda: str(min(t.hours_per_month for t in c().tiers)),
        "highest_tier_hours": lambda: str(max(t.hours_per_month for t in c().tiers)),
        "service_count": lambda: str(len(c().services)),
    }


#: Placeholders whose value is HTML built here (already escaped), not plain text.
HTML_PLACEHOLDERS: dict[str, Callable[[], str]] = {
    "contact_email_link": lambda: (
        f'<a href="mailto:{e(source.brand().contact_email)}">{e(source.brand().contact_email)}</a>'
    ),
}


# ---------------------------------------------------------------------------------------------
# Substitution
# ---------------------------------------------------------------------------------------------


def fill_placeholders(text: str, where: str, allow_html: bool = True, language: str | None = None) -> str:
    """Replaces {{ name }} with its HTML-escaped value (or, if allow_html, with an HTML fragment)."""
    values = placeholders(language or source.brand().default_language)

    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name in values:
            return e(values[name]())
        if allow_html and name in HTML_PLACEHOLDERS:
            return HTML_PLACEHOLDERS[name]()
        known = sorted(values) + (sorted(HTML_PLACEHOLDERS) if allow_html else [])
        raise PluginError(f"{where}: unknown placeholder {{{{ {name} }}}}; known: {', '.join(known)}")

    text = PLACEHOLDER.sub(replace, text)
    if LEFTOVER.search(text):
        raise PluginError(f"{where}: a '{{{{' or '}}}}' is left that is not a known placeholder")
    return text


def _links(page, files) -> dict[str, str]:
    links = {}
    for key, src in (("contact", CONTACT_PAGE), ("pricing", PRICING_PAGE)):
        target = files.get_file_from_path(src)
        if target is None:
            raise PluginError(f"hooks/catalog.py links to docs/{src}, which does not exist")
        links[key] = get_relative_url(target.url, page.url)
    return links


def fill_markers(markdown: str, where: str, links: dict[str, str], env, language: str) -> str:
    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name not in MARKERS:
            raise PluginError(
                f"{where}: unknown marker <!-- catalog:{name} -->; known: {', '.join(sorted(MARKERS))}"
            )
        # Blank lines around the block so Markdown treats it as one raw HTML block.
        return f"\n{render(env, name, language, links)}\n"

    markdown = MARKER.sub(replace, markdown)
    stray = ANY_MARKER.search(markdown)
    if stray:
        raise PluginError(
            f"{where}: marker <!-- catalog:{stray.group(1)} --> must stand alone on its own line"
        )
    return markdown


# ---------------------------------------------------------------------------------------------
# MkDocs events
# ---------------------------------------------------------------------------------------------


def language(config) -> str:
    """The language being built: the i18n plugin builds the default first, then each other one."""
    i18n = config.plugins.get("i18n")
    current = i18n and (i18n.current_language or i18n.default_language)
    return current or source.brand().default_language


#: The theme's Jinja environment (custom_dir first) of the build in progress: MkDocs makes its own
#: only after the pages' Markdown is read, so the blocks get one of their own, once per build.
_theme: dict = {}


def _env(config):
    if "env" not in _theme:
        _theme["env"] = config.theme.get_env()
    return _theme["env"]


def on_config(config, **kwargs):
    # Re-read the YAML on every build, so `mkdocs serve` shows an edited price without a restart.
    source.reload()
    _theme.clear()
    try:
        brand = source.brand(language(config))
        source.catalog()  # validate now: a bad catalog fails before any page is built
    except ValueError as error:  # a missing translation or a bad value: say which, without a traceback
        raise PluginError(str(error)) from error
    config["site_name"] = brand.practice_name
    config["site_description"] = brand.tagline
    # `make deploy` builds for the deployed address (SITE_URL); otherwise brand.yaml's.
    site_url = os.environ.get("SITE_URL") or brand.site_url
    config["site_url"] = site_url if site_url.endswith("/") else site_url + "/"
    config["copyright"] = f"&copy; {e(brand.practice_name)}"
    watch = str(source.CONFIG_DIR)
    if watch not in config["watch"]:
        config["watch"].append(watch)
    return config


def on_page_markdown(markdown, page, config, files, **kwargs):
    where = f"docs/{page.file.src_uri}"
    code = language(config)
    description = page.meta.get("description")
    if not isinstance(description, str) or not description.strip():
        raise PluginError(f"{where}: front matter needs a `description:` (the page's meta description)")
    # The theme prints page.meta.description into an attribute without autoescaping: store it
    # escaped (the author writes plain text; quotes and ampersands are escaped here).
    page.meta["description"] = fill_placeholders(
        e(html.unescape(description.strip())), f"{where} (description)", allow_html=False, language=code
    )
    # Placeholders first, then markers: text generated from the YAML is never re-scanned.
    markdown = fill_placeholders(markdown, where, language=code)
    return fill_markers(markdown, where, _links(page, files), _env(config), code)
