"""The contract in words, in every language the practice offers: every number comes from the catalog
(portal.catalog), amounts as the language writes them (portal.formats); the pricing page prints
these sentences and the emails reuse them. Each function
answers {key: sentence}, in reading order (key: a stable name for the page's markup).

The sentences are grammar, not data, so they live here rather than in catalog.yaml: one class of
phrases per language. A language brand.yaml offers without phrases here fails with its code.
"""

from __future__ import annotations

from portal import catalog, formats


class English:
    @staticmethod
    def count(n: int, one: str, many: str) -> str:
        return f"1 {one}" if n == 1 else f"{n} {many}"

    @staticmethod
    def join(items: list[str], last: str) -> str:
        """["5", "10", "15"], "or" -> "5, 10 or 15"."""
        return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {last} {items[-1]}"

    def increment(self, minutes: int) -> str:
        return f"Billed in {minutes}-minute increments, rounded up."

    def rollover(self, kept: int, days: int) -> str:
        if not kept:
            return "Unused hours expire at the end of the month."
        hours = "1 unused hour rolls" if kept == 1 else f"{kept} unused hours roll"
        return f"This month's hours are used first; up to {hours} over for {self.count(days, 'day', 'days')}."

    def alerts(self, percents: list[int]) -> str:
        return f"You are told at {self.join([f'{p}%' for p in percents], 'and')} of your hours."

    def extra_hours(self, cap: int, rate: str) -> str:
        if not cap:
            return "No extra hours beyond your plan's: move to a bigger plan or wait for next month's hours."
        return (
            f"Extra hours only with your approval (up to {cap} a month),"
            f" at {rate} an hour on the next invoice."
        )

    def rush(self, notice_hours: int, percent: int) -> str:
        notice = "1 hour's" if notice_hours == 1 else f"{notice_hours} hours'"
        return f"Rush work (under {notice} notice) +{percent}%"

    def evenings_weekends(self, percent: int) -> str:
        return f"evenings and weekends +{percent}%"

    def prepaid(self, sizes: list[int], rate: str, days: int) -> str:
        lead = "A prepaid block" if len(sizes) == 1 else "Prepaid blocks"
        unit = "hour" if sizes == [1] else "hours"
        listed = self.join([str(h) for h in sizes], "or")
        return f"{lead} of {listed} {unit} at {rate} an hour, valid {self.count(days, 'day', 'days')}."


class Spanish(English):
    @staticmethod
    def join(items: list[str], last: str) -> str:
        """["5", "10", "15"], "o" -> "5, 10 o 15"; "o" is "u" before a number said with an o (8, 11, 80…)."""
        if len(items) == 1:
            return items[0]
        if last == "o" and (items[-1].startswith("8") or items[-1] == "11"):
            last = "u"
        return f"{', '.join(items[:-1])} {last} {items[-1]}"

    def increment(self, minutes: int) -> str:
        return f"Se factura en bloques de {minutes} minutos, redondeando hacia arriba."

    def rollover(self, kept: int, days: int) -> str:
        if not kept:
            return "Las horas que no uses vencen al final del mes."
        hours = "1 hora sin usar se conserva" if kept == 1 else f"{kept} horas sin usar se conservan"
        return f"Primero se usan las horas del mes; hasta {hours} durante {self.count(days, 'día', 'días')}."

    def alerts(self, percents: list[int]) -> str:
        return f"Recibes un aviso al llegar {self.join([f'al {p}%' for p in percents], 'y')} de tus horas."

    def extra_hours(self, cap: int, rate: str) -> str:
        if not cap:
            return (
                "Sin horas extra más allá de las de tu plan: pasa a un plan mayor"
                " o espera las horas del mes siguiente."
            )
        return (
            f"Horas extra solo con tu aprobación (hasta {cap} al mes),"
            f" a {rate} la hora en la siguiente factura."
        )

    def rush(self, notice_hours: int, percent: int) -> str:
        return (
            f"Trabajo urgente (con menos de {self.count(notice_hours, 'hora', 'horas')} de aviso) +{percent}%"
        )

    def evenings_weekends(self, percent: int) -> str:
        return f"noches y fines de semana +{percent}%"

    def prepaid(self, sizes: list[int], rate: str, days: int) -> str:
        lead = "Un bloque prepagado" if len(sizes) == 1 else "Bloques prepagados"
        unit = "hora" if sizes == [1] else "horas"
        listed = self.join([str(h) for h in sizes], "o")
        valid = "válido" if len(sizes) == 1 else "válidos"
        return f"{lead} de {listed} {unit} a {rate} la hora, {valid} por {self.count(days, 'día', 'días')}."


PHRASES: dict[str, English] = {"en": English(), "es": Spanish()}


def _code(language: str | None) -> str:
    return language or catalog.brand().default_language


def phrases(language: str | None = None) -> English:
    """The phrases of `language` (default: the practice's default language)."""
    code = _code(language)
    if code not in PHRASES:
        raise ValueError(f"portal.catalog_terms has no sentences in {code!r}: add its phrases to PHRASES")
    return PHRASES[code]


def rollover_sentence(tier: catalog.Tier, language: str | None = None) -> str:
    """The rollover rule in words, e.g. "This month's hours are used first; up to 2 unused hours
    roll over for 30 days." """
    return phrases(language).rollover(tier.rollover.max_hours, tier.rollover.valid_days)


def _surcharges_sentence(cat: catalog.Catalog, words: English) -> str | None:
    sur, parts = cat.surcharges, []
    if sur.rush_percent:
        parts.append(words.rush(sur.rush_notice_hours, sur.rush_percent))
    if sur.evenings_weekends_percent:
        parts.append(words.evenings_weekends(sur.evenings_weekends_percent))
    if not parts:
        return None
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def _prepaid_sentence(cat: catalog.Catalog, words: English, language: str | None) -> str | None:
    blocks = cat.hourly.prepaid_blocks
    if not blocks.hours:
        return None
    return words.prepaid(blocks.hours, formats.money(cat.hourly.price, _code(language)), blocks.valid_days)


def terms_sentences(
    tier: catalog.Tier, cat: catalog.Catalog | None = None, language: str | None = None
) -> dict[str, str]:
    """A retainer tier's contract in words: increment, rollover, alerts, extra hours, surcharges."""
    cat = cat or catalog.catalog(language)
    words, terms = phrases(language), cat.terms
    sentences = {
        "increment": words.increment(terms.billing_increment_minutes),
        "rollover": rollover_sentence(tier, language),
        "alerts": words.alerts(terms.alert_thresholds_percent),
        "extra-hours": words.extra_hours(
            terms.approval_cap_hours, formats.money(tier.overage_rate, _code(language))
        ),
        "surcharges": _surcharges_sentence(cat, words),
    }
    return {key: text for key, text in sentences.items() if text}


def hourly_sentences(cat: catalog.Catalog | None = None, language: str | None = None) -> dict[str, str]:
    """Hourly work's terms in words: increment, prepaid blocks, surcharges."""
    cat = cat or catalog.catalog(language)
    words = phrases(language)
    sentences = {
        "increment": words.increment(cat.terms.billing_increment_minutes),
        "prepaid": _prepaid_sentence(cat, words, language),
        "surcharges": _surcharges_sentence(cat, words),
    }
    return {key: text for key, text in sentences.items() if text}
