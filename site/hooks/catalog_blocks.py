"""The catalog's HTML blocks for the pages (hooks/catalog.py puts each where its marker is): the
retainer tier cards, the home page's teaser, hourly work with its prepaid blocks and surcharges,
the services grid; and the small text helpers the placeholders share. Every number comes from
portal.catalog; every sentence of the terms from portal.catalog_terms."""

from __future__ import annotations

import html
from collections.abc import Callable

from portal import catalog as source
from portal import catalog_terms


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


#: The label before each sentence of the terms (portal.catalog_terms.terms_sentences/hourly_sentences keys).
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
        items.append(
            f'<li data-term="{e(key)}"{extra}><strong>{e(TERM_LABELS[key])}:</strong> {e(sentence)}</li>'
        )
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
            *_term_items(
                catalog_terms.terms_sentences(tier, cat),
                {
                    "increment": f' data-billing-increment="{cat.terms.billing_increment_minutes}"',
                    "rollover": f' data-rollover-hours="{tier.rollover.max_hours}"'
                    f' data-rollover-days="{tier.rollover.valid_days}"',
                    "alerts": ' data-alert-thresholds="'
                    + " ".join(map(str, cat.terms.alert_thresholds_percent))
                    + '"',
                    "extra-hours": f' data-overage-amount="{tier.overage_rate}"'
                    f' data-approval-cap-hours="{cat.terms.approval_cap_hours}"',
                },
            ),
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
            '<a class="tier-teaser__name" '
            f'href="{e(links["pricing"])}#tier-{e(tier.id)}-name">{e(tier.name)}</a>'
            f"{label}: "
            f'<span class="tier-teaser__hours">{e(_hours(tier.hours_per_month))} a month</span> for '
            f'<span class="tier-teaser__price" data-amount="{tier.price}" '
            f'data-hours="{tier.hours_per_month}">'
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
    out += _term_items(
        catalog_terms.hourly_sentences(cat),
        {
            "increment": f' data-billing-increment="{cat.terms.billing_increment_minutes}"',
            "prepaid": f' data-valid-days="{blocks.valid_days}"',
        },
    )
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
        '<thead><tr><th scope="col">When</th><th scope="col">Surcharge</th><th '
        'scope="col">Hourly</th></tr></thead>',
        "<tbody>",
    ]
    for key, label, percent in (
        (
            "rush",
            f"Rush work, requested with under {_notice(sur.rush_notice_hours)} notice",
            sur.rush_percent,
        ),
        ("evenings-weekends", "Evenings and weekends, when you ask for it", sur.evenings_weekends_percent),
    ):
        if not percent:
            continue
        surcharged = round(hourly.price * (100 + percent) / 100)
        out.append(
            f'<tr data-surcharge="{key}" data-percent="{percent}"><td>{e(label)}</td>'
            f'<td>+{percent}%</td><td data-amount="{surcharged}">{e(source.money(surcharged))}</td></tr>'
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
