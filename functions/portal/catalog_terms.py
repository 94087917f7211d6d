"""The contract in words: every number comes from the catalog (portal.catalog); the pricing page
prints these sentences. Each function answers {key: sentence}, in reading order (key: a stable name
for the page's markup)."""

from __future__ import annotations

from portal import catalog


def _increment_sentence(cat: catalog.Catalog) -> str:
    return f"Billed in {cat.terms.billing_increment_minutes}-minute increments, rounded up."


def _surcharges_sentence(cat: catalog.Catalog) -> str | None:
    sur, parts = cat.surcharges, []
    if sur.rush_percent:
        notice = "1 hour's" if sur.rush_notice_hours == 1 else f"{sur.rush_notice_hours} hours'"
        parts.append(f"Rush work (under {notice} notice) +{sur.rush_percent}%")
    if sur.evenings_weekends_percent:
        parts.append(f"evenings and weekends +{sur.evenings_weekends_percent}%")
    if not parts:
        return None
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def _prepaid_sentence(cat: catalog.Catalog) -> str | None:
    blocks = cat.hourly.prepaid_blocks
    if not blocks.hours:
        return None
    sizes = catalog._join([str(h) for h in blocks.hours], "or")
    unit = "hour" if blocks.hours == [1] else "hours"
    lead = "A prepaid block" if len(blocks.hours) == 1 else "Prepaid blocks"
    return (
        f"{lead} of {sizes} {unit} at {catalog.money(cat.hourly.price)} an hour,"
        f" valid {catalog._days(blocks.valid_days)}."
    )


def terms_sentences(tier: catalog.Tier, cat: catalog.Catalog | None = None) -> dict[str, str]:
    """A retainer tier's contract in words: increment, rollover, alerts, extra hours, surcharges."""
    cat = cat or catalog.catalog()
    terms = cat.terms
    alerts = catalog._join([f"{p}%" for p in terms.alert_thresholds_percent], "and")
    if terms.approval_cap_hours:
        extra = (
            f"Extra hours only with your approval (up to {terms.approval_cap_hours} a month),"
            f" at {catalog.money(tier.overage_rate)} an hour on the next invoice."
        )
    else:
        extra = "No extra hours beyond your plan's: move to a bigger plan or wait for next month's hours."
    sentences = {
        "increment": _increment_sentence(cat),
        "rollover": tier.rollover_text(),
        "alerts": f"You are told at {alerts} of your hours.",
        "extra-hours": extra,
        "surcharges": _surcharges_sentence(cat),
    }
    return {key: text for key, text in sentences.items() if text}


def hourly_sentences(cat: catalog.Catalog | None = None) -> dict[str, str]:
    """Hourly work's terms in words: increment, prepaid blocks, surcharges."""
    cat = cat or catalog.catalog()
    sentences = {
        "increment": _increment_sentence(cat),
        "prepaid": _prepaid_sentence(cat),
        "surcharges": _surcharges_sentence(cat),
    }
    return {key: text for key, text in sentences.items() if text}
