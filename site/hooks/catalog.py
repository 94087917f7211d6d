"""MkDocs hook: the site's names and prices come from functions/portal/config/*.yaml, never from the pages.

It imports the same module the API uses (functions/portal/catalog.py), so the pricing page and
GET /api/catalog cannot disagree, and nothing a client pays or reads as a name is typed twice.

on_config
    site_name, site_description, site_url and copyright from brand.yaml; the two YAML files are
    watched by `mkdocs serve` and re-read on every build.

on_page_markdown
    Block markers, each alone on its own line, replaced by generated HTML:

        <!-- catalog:pricing -->       retainer tier cards (data-tier-id, data-amount, data-hours,
                                       the contract's terms in words from
                                       portal.catalog.terms_sentences, one <li data-term> each,
                                       a "Subscribe to <tier>" button with data-subscribe,
                                       which assets/subscribe.js turns into Stripe Checkout)
        <!-- catalog:tiers-teaser -->  a compact tier list for the home page, linking to pricing
        <!-- catalog:hourly -->        hourly rate, minimum, the terms in words from
                                       portal.catalog.hourly_sentences (billing increment, prepaid
                                       blocks, surcharges), prepaid blocks and surcharges tables
        <!-- catalog:services -->      the services (name + summary, data-service-id)

    Inline placeholders, written {{ name }}, replaced by HTML-escaped text (see PLACEHOLDERS below).
    An unknown marker or placeholder, or a page without a `description:` in its front matter, fails
    the build, so a typo cannot reach the published site.
"""
from __future__ import annotations

import html
import os
import re
import sys
from pathlib import Path
from typing import Callable

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

FUNCTIONS_DIR = Path(__file__).resolve().parents[2] / "functions"
if str(FUNCTIONS_DIR) not in sys.path:
    sys.path.insert(0, str(FUNCTIONS_DIR))

from portal import catalog as source  # noqa: E402  (needs the path above)

MARKER = re.compile(r"^[ \t]*<!--\s*catalog:([a-z0-9-]+)\s*-->[ \t]*$", re.MULTILINE)
ANY_MARKER = re.compile(r"<!--\s*catalog:([^>]*?)\s*-->")
PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z0-9_]+)\s*\}\}")
LEFTOVER = re.compile(r"\{\{|\}\}")

#: Pages the generated HTML links to (source paths under docs/).
CONTACT_PAGE = "contact.md"
PRICING_PAGE = "pricing.md"


def e(value: object) -> str:
    """HTML-escapes text and attribute values (quotes included)."""
    return html.escape(str(value), quote=True)


def _hours(n: int) -> str:
    return f"{n} hour" if n == 1 else f"{n} hours"


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _notice(hours: int) -> str:
    """24 -> "24 hours'", 1 -> "1 hour's" (as in "under 24 hours' notice")."""
    return "1 hour's" if hours == 1 else f"{hours} hours'"


def _months(n: int) -> str:
    return f"{n} month" if n == 1 else f"{n} months"


def _join_or(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} or {items[-1]}"


def _join_and(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _timezone_city(zone: str) -> str:
    return zone.rsplit("/", 1)[-1].replace("_", " ")


# ---------------------------------------------------------------------------------------------
# Inline placeholders: name -> function returning plain text (escaped on substitution).
# ---------------------------------------------------------------------------------------------

def _placeholders() -> dict[str, Callable[[], str]]:
    b, c = source.brand, source.catalog
    return {
        # brand.yaml
        "practice_name": lambda: b().practice_name,
        "assistant_name": lambda: b().assistant_name,
        "assistant_first_name": lambda: b().assistant_name.split()[0],
        "contact_email": lambda: b().contact_email,
        "tagline": lambda: b().tagline,
        "home_timezone": lambda: b().home_timezone,
        "home_timezone_city": lambda: _timezone_city(b().home_timezone),
        "currency": lambda: b().currency.upper(),
        # catalog.yaml
        "hourly_rate": lambda: source.money(c().hourly.price),
        "minimum_hours": lambda: str(c().hourly.minimum_hours),
        "billing_increment_minutes": lambda: str(c().hourly.billing_increment_minutes),
        "prepaid_blocks": lambda: _join_or([str(h) for h in c().hourly.prepaid_blocks.hours]),
        "prepaid_valid_days": lambda: str(c().hourly.prepaid_blocks.valid_days),
        "alert_thresholds": lambda: _join_and([f"{p}%" for p in c().terms.alert_thresholds_percent]),
        "approval_cap_hours": lambda: str(c().terms.approval_cap_hours),
        "rush_percent": lambda: str(c().surcharges.rush_percent),
        "rush_notice": lambda: _notice(c().surcharges.rush_notice_hours),
        "evenings_weekends_percent": lambda: str(c().surcharges.evenings_weekends_percent),
        "tier_count": lambda: str(len(c().tiers)),
        "tier_names": lambda: _join_or([t.name for t in c().tiers]),
        "lowest_tier_price": lambda: source.money(min(t.price for t in c().tiers)),
        "lowest_tier_hours": lambda: str(min(t.hours_per_month for t in c().tiers)),
        "highest_tier_hours": lambda: str(max(t.hours_per_month for t in c().tiers)),
        "service_count": lambda: str(len(c().services)),
    }


PLACEHOLDERS = _placeholders()

#: Placeholders whose value is HTML built here (already escaped), not plain text.
HTML_PLACEHOLDERS: dict[str, Callable[[], str]] = {
    "contact_email_link": lambda: (
        f'<a href="mailto:{e(source.brand().contact_email)}">{e(source.brand().contact_email)}</a>'
    ),
}


# ---------------------------------------------------------------------------------------------
# Block markers
# ---------------------------------------------------------------------------------------------

#: The label before each sentence of the terms (portal.catalog.terms_sentences/hourly_sentences keys).
TERM_LABELS = {
    "increment": "Time",
    "rollover": "Unused hours",
    "alerts": "Alerts",
    "extra-hours": "Beyond your hours",
    "surcharges": "Surcharges",
    "prepaid": "Blocks",
}


def _term_items(sentences: dict[str, str], attributes: dict[str, str]) -> list[str]:
    """One <li> per sentence: a bold label, then the sentence as the catalog wrote it."""
    items = []
    for key, sentence in sentences.items():
        extra = attributes.get(key, "")
        items.append(f'<li data-term="{e(key)}"{extra}><strong>{e(TERM_LABELS[key])}:</strong> {e(sentence)}</li>')
    return items


def _pricing(links: dict[str, str]) -> str:
    cat = source.catalog()
    currency = source.brand().currency
    out = ['<div class="tier-grid" data-catalog="tiers">']
    for tier in cat.tiers:
        classes = "tier tier--featured" if tier.featured else "tier"
        effective = source.money(round(tier.price / tier.hours_per_month))
        name_id = f"tier-{tier.id}-name"
        out.append(
            f'<article class="{classes}" data-tier-id="{e(tier.id)}"'
            f' data-featured="{str(tier.featured).lower()}" aria-labelledby="{e(name_id)}">'
        )
        if tier.featured:
            out.append('<p class="tier__badge">Recommended</p>')
        out += [
            f'<h3 class="tier__name" id="{e(name_id)}">{e(tier.name)}</h3>',
            f'<p class="tier__price" data-amount="{tier.price}" data-hours="{tier.hours_per_month}"'
            f' data-currency="{e(currency)}">'
            f'<span class="tier__amount">{e(source.money(tier.price))}</span>'
            f' <span class="tier__period">per month</span></p>',
            f'<p class="tier__hours"><strong>{e(_hours(tier.hours_per_month))}</strong> a month'
            f' <span class="tier__effective">(about {e(effective)} an hour)</span></p>',
            f'<p class="tier__summary">{e(tier.summary)}</p>',
            '<ul class="tier__terms">',
            *_term_items(source.terms_sentences(tier, cat), {
                "increment": f' data-billing-increment="{cat.terms.billing_increment_minutes}"',
                "rollover": f' data-rollover-hours="{tier.rollover.max_hours}"'
                            f' data-rollover-days="{tier.rollover.valid_days}"',
                "alerts": f' data-alert-thresholds="{" ".join(map(str, cat.terms.alert_thresholds_percent))}"',
                "extra-hours": f' data-overage-amount="{tier.overage_rate}"'
                               f' data-approval-cap-hours="{cat.terms.approval_cap_hours}"',
            }),
            f'<li data-minimum-term="{tier.minimum_term_months}"><strong>Minimum term:</strong>'
            f" {e(_months(tier.minimum_term_months))}, then month to month</li>",
            "<li><strong>Payment:</strong> monthly, in advance</li>",
            "</ul>",
            f'<a class="md-button" data-subscribe="{e(tier.id)}" href="{e(links["contact"])}">'
            f"Subscribe to {e(tier.name)}</a>",
            "</article>",
        ]
    out.append("</div>")
    return "\n".join(out)


def _tiers_teaser(links: dict[str, str]) -> str:
    out = ['<ul class="tier-teaser" data-catalog="tiers-teaser">']
    for tier in source.catalog().tiers:
        classes = "tier-teaser__item tier-teaser__item--featured" if tier.featured else "tier-teaser__item"
        label = " (recommended)" if tier.featured else ""
        out.append(
            f'<li class="{classes}" data-tier-id="{e(tier.id)}">'
            f'<a class="tier-teaser__name" href="{e(links["pricing"])}#tier-{e(tier.id)}-name">{e(tier.name)}</a>'
            f"{label}: "
            f'<span class="tier-teaser__hours">{e(_hours(tier.hours_per_month))} a month</span> for '
            f'<span class="tier-teaser__price" data-amount="{tier.price}" data-hours="{tier.hours_per_month}">'
            f"{e(source.money(tier.price))} a month</span></li>"
        )
    out.append("</ul>")
    return "\n".join(out)


def _hourly(links: dict[str, str]) -> str:
    cat = source.catalog()
    hourly, sur = cat.hourly, cat.surcharges
    rate = source.money(hourly.price)
    out = [
        '<div class="hourly" data-catalog="hourly">',
        f'<p class="hourly__rate" data-amount="{hourly.price}">'
        f'<span class="hourly__amount">{e(rate)}</span> <span class="hourly__period">per hour</span></p>',
        '<ul class="hourly__terms">',
    ]
    if hourly.minimum_hours:
        out.append(
            f'<li data-minimum-hours="{hourly.minimum_hours}"><strong>Minimum:</strong>'
            f" {e(_hours(hourly.minimum_hours))}</li>"
        )
    blocks = hourly.prepaid_blocks
    out += _term_items(source.hourly_sentences(cat), {
        "increment": f' data-billing-increment="{cat.terms.billing_increment_minutes}"',
        "prepaid": f' data-valid-days="{blocks.valid_days}"',
    })
    out.append("</ul>")
    if blocks.hours:
        out += [
            '<table class="hourly__blocks">',
            f"<caption>Prepaid blocks, at the hourly rate, valid {e(_days(blocks.valid_days))}</caption>",
            '<thead><tr><th scope="col">Block</th><th scope="col">Price</th>'
            '<th scope="col"><span class="md-visually-hidden">Buy</span></th></tr></thead>',
            "<tbody>",
        ]
        for block in map(cat.block, blocks.hours):
            out.append(
                f'<tr data-block-hours="{block.hours}" data-valid-days="{block.valid_days}">'
                f"<td>{e(_hours(block.hours))}</td>"
                f'<td data-amount="{block.price}">{e(source.money(block.price))}</td>'
                # assets/subscribe.js: the email, then Stripe Checkout; without script, the contact page.
                f'<td><a class="md-button" data-prepaid="{block.hours}" href="{e(links["contact"])}">'
                f"Buy {e(_hours(block.hours))}</a></td></tr>"
            )
        out += ["</tbody>", "</table>"]
    out += [
        '<table class="hourly__surcharges">',
        "<caption>Surcharges, when you ask for the work</caption>",
        '<thead><tr><th scope="col">When</th><th scope="col">Surcharge</th><th scope="col">Hourly</th></tr></thead>',
        "<tbody>",
    ]
    for key, label, percent in (
        ("rush", f"Rush work, requested with under {_notice(sur.rush_notice_hours)} notice", sur.rush_percent),
        ("evenings-weekends", "Evenings and weekends, when you ask for it", sur.evenings_weekends_percent),
    ):
        if not percent:
            continue
        surcharged = round(hourly.price * (100 + percent) / 100)
        out.append(
            f'<tr data-surcharge="{key}" data-percent="{percent}"><td>{e(label)}</td>'
            f"<td>+{percent}%</td><td data-amount=\"{surcharged}\">{e(source.money(surcharged))}</td></tr>"
        )
    out += ["</tbody>", "</table>", "</div>"]
    return "\n".join(out)


def _services(links: dict[str, str]) -> str:
    out = ['<div class="service-grid" data-catalog="services">']
    for service in source.catalog().services:
        out += [
            f'<section class="service" data-service-id="{e(service.id)}">',
            f'<h2 class="service__name">{e(service.name)}</h2>',  # under the page's h1: no level skipped
            f'<p class="service__summary">{e(service.summary)}</p>',
            "</section>",
        ]
    out.append("</div>")
    return "\n".join(out)


MARKERS: dict[str, Callable[[dict[str, str]], str]] = {
    "pricing": _pricing,
    "tiers-teaser": _tiers_teaser,
    "hourly": _hourly,
    "services": _services,
}


# ---------------------------------------------------------------------------------------------
# Substitution
# ---------------------------------------------------------------------------------------------

def fill_placeholders(text: str, where: str, allow_html: bool = True) -> str:
    """Replaces {{ name }} with its HTML-escaped value (or, if allow_html, with an HTML fragment)."""

    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name in PLACEHOLDERS:
            return e(PLACEHOLDERS[name]())
        if allow_html and name in HTML_PLACEHOLDERS:
            return HTML_PLACEHOLDERS[name]()
        known = sorted(PLACEHOLDERS) + (sorted(HTML_PLACEHOLDERS) if allow_html else [])
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


def fill_markers(markdown: str, where: str, links: dict[str, str]) -> str:
    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name not in MARKERS:
            raise PluginError(f"{where}: unknown marker <!-- catalog:{name} -->; known: {', '.join(sorted(MARKERS))}")
        # Blank lines around the block so Markdown treats it as one raw HTML block.
        return f"\n{MARKERS[name](links)}\n"

    markdown = MARKER.sub(replace, markdown)
    stray = ANY_MARKER.search(markdown)
    if stray:
        raise PluginError(f"{where}: marker <!-- catalog:{stray.group(1)} --> must stand alone on its own line")
    return markdown


# ---------------------------------------------------------------------------------------------
# MkDocs events
# ---------------------------------------------------------------------------------------------

def on_config(config, **kwargs):
    # Re-read the YAML on every build, so `mkdocs serve` shows an edited price without a restart.
    source.brand.cache_clear()
    source.catalog.cache_clear()
    brand = source.brand()
    source.catalog()  # validate now: a bad catalog fails before any page is built
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
    description = page.meta.get("description")
    if not isinstance(description, str) or not description.strip():
        raise PluginError(f"{where}: front matter needs a `description:` (the page's meta description)")
    # The theme prints page.meta.description into an attribute without autoescaping: store it
    # escaped (the author writes plain text; quotes and ampersands are escaped here).
    page.meta["description"] = fill_placeholders(
        e(html.unescape(description.strip())), f"{where} (description)", allow_html=False
    )
    # Placeholders first, then markers: text generated from the YAML is never re-scanned.
    markdown = fill_placeholders(markdown, where)
    return fill_markers(markdown, where, _links(page, files))
