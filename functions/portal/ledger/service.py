"""The hours ledger's reading side and shared rules: the client's retainer and period, the meter.

The period is a retainer client's current Stripe period (Client.current_period_start/end), or, for
an hourly client who bought prepaid hours (portal.ledger.prepaid), the calendar month (UTC), closed
by the daily schedule (portal.ledger.months) or when the next month's Period is first written.
Its Period item is created on first write with a conditional put. Every change of an entry is ONE
TransactWrite:
the entry, the Period's used_minutes (by the billed difference; conditions: status open and the
version read, so concurrent writers retry instead of losing an alert), the alerts newly reached
(appended to alerts_sent, with their outbox emails) and the audit entry. The rules are pure
functions in portal.ledger.rules; the writes are in portal.ledger.entries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from pynamodb.exceptions import DoesNotExist, PutError

from portal import catalog, errors
from portal.ledger import rules, words
from portal.models.clients import client_key

if TYPE_CHECKING:
    from pynamodb.expressions.update import Action
    from pynamodb.transactions import TransactWrite

    from portal.models.ledger import Entry, Period
    from portal.models.outbox import OutboxMessage

UTC = UTC
MAX_TRIES = 5
FIELDS = ("date", "minutes", "billed_minutes", "service", "description", "surcharge")
CLOSED = words.CLOSED


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def now() -> datetime:
    return datetime.now(UTC)


def terms_for(tier: catalog.Tier | None) -> rules.Terms:
    """A tier's terms; None: an hourly client's (prepaid hours only: nothing rolls over, no extra)."""
    cat = catalog.catalog()
    hourly = tier is None
    return rules.Terms(
        increment_minutes=cat.terms.billing_increment_minutes,
        surcharge_percent={
            "rush": cat.surcharges.rush_percent,
            "evenings_weekends": cat.surcharges.evenings_weekends_percent,
        },
        rollover_cap_minutes=0 if tier is None else tier.rollover.max_hours * 60,
        rollover_valid_days=0 if tier is None else tier.rollover.valid_days,
        alert_thresholds_percent=tuple(cat.terms.alert_thresholds_percent),
        approval_cap_minutes=0 if hourly else cat.terms.approval_cap_hours * 60,
        overage_rate=cat.hourly.price if tier is None else tier.overage_rate,
    )


def month_of(at: datetime) -> tuple[datetime, datetime]:
    """The calendar month (UTC) holding `at`: an hourly client's period."""
    start = at.astimezone(UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return start, (start + timedelta(days=32)).replace(day=1)


@dataclass(frozen=True)
class Retainer:
    """A client's contract as the ledger applies it: who, which period, which terms. tier None: an
    hourly client with prepaid hours."""

    email: str
    start: str
    end: str
    included_minutes: int
    tier: str | None
    terms: rules.Terms

    @property
    def hourly(self) -> bool:
        return self.tier is None


def retainer_of(email: str) -> Retainer | None:
    from portal.models.clients import Client

    try:
        client = Client.get(client_key(email))
    except DoesNotExist:
        return None
    tier = catalog.catalog().tier(client.tier) if client.tier else None
    has_period = tier is not None and None not in (client.current_period_start, client.current_period_end)
    ended = has_period and client.retainer_status == "canceled" and client.current_period_end <= now()
    if client.prepaid_since is not None and (not has_period or ended):
        start, end = month_of(now())
        return Retainer(client.email, _iso(start), _iso(end), 0, None, terms_for(None))
    if not has_period or tier is None:  # has_period holds only with a tier
        return None
    hours = int(client.hours_per_month or tier.hours_per_month)
    return Retainer(
        client.email,
        _iso(client.current_period_start),
        _iso(client.current_period_end),
        hours * 60,
        tier.id,
        terms_for(tier),
    )


def require_retainer(email: str) -> Retainer:
    found = retainer_of(email)
    if found is None:
        from portal.account.service import client_record

        if client_record(client_key(email)) is None:
            raise errors.NotFound(words.NO_CLIENT)
        raise errors.Conflict(words.NO_HOURS, reason="no-retainer")
    return found


def period_of(r: Retainer, create: bool = False) -> Period:
    """The Period item of r's current period (consistent read); a fresh one, saved when `create`.
    A fresh period receives what the previous one hands on (rollover, prepaid hours left)."""
    from portal.models.ledger import Period, client_pk, period_sk

    try:
        return Period.get(client_pk(r.email), period_sk(r.start), consistent_read=True)
    except DoesNotExist:
        pass
    item = Period(
        client_pk(r.email),
        period_sk(r.start),
        start=r.start,
        end=r.end,
        tier=r.tier,
        included_minutes=r.included_minutes,
        rollover=[],
        prepaid=[],
        alerts_sent=[],
        used_minutes=0,
        approved_extra_minutes=0,
        version=0,
        status="open",
        created_at=_iso(now()),
    )
    previous = _previous(item)
    if previous is not None:
        _receive(item, previous, close_it=create)
    if create:
        try:
            item.save(condition=Period.pk.does_not_exist())
        except PutError as error:
            if not errors.condition_failed(error):
                raise
            return Period.get(item.pk, item.sk, consistent_read=True)
    return item


def _previous(item: Period) -> Period | None:
    from portal.models.ledger import Period

    found = [
        p
        for p in Period.query(
            item.pk,
            Period.sk.between("period#", item.sk),
            scan_index_forward=False,
            limit=2,
            consistent_read=True,
        )
        if p.sk < item.sk
    ]
    return found[0] if found else None


def _receive(item: Period, previous: Period, close_it: bool) -> None:
    """What `previous` hands to the new `item`. An hourly month still open is closed first when the
    new one is being written (nothing else closes it), or read as it would close."""
    from portal.ledger import close
    from portal.models.ledger import Period, PrepaidBucket, RolloverBucket

    if previous.status == "open" and previous.tier is None and _instant(previous.end) <= _instant(item.start):
        if not close_it:
            rollover, prepaid = close.outgoing(previous, terms_for(None))
            item.prepaid = [PrepaidBucket(**b) for b in prepaid]
            return
        close.close(
            {
                "email": item.pk.split("#", 1)[1],
                "start": previous.start,
                "end": previous.end,
                "tier": None,
                "hours": 0,
            }
        )
        previous = Period.get(previous.pk, previous.sk, consistent_read=True)
    if previous.status == "closed" and (previous.rollover_out or previous.prepaid_out):
        # The closed period's rollover arrives with the new period's first item (portal.ledger.close).
        rollover, prepaid = close.carried(previous)
        item.rollover = [RolloverBucket(**b) for b in rollover]
        item.prepaid = [PrepaidBucket(**b) for b in prepaid]
        item.rollover_from = previous.start


def buckets(period: Period) -> list[rules.Bucket]:
    found = [rules.Bucket("included", "included", int(period.included_minutes))]
    for number, bucket in enumerate(period.rollover or []):
        found.append(
            rules.Bucket("rollover", f"rollover-{number}", int(bucket.minutes), _instant(bucket.expires_at))
        )
    for block in period.prepaid or []:
        found.append(
            rules.Bucket(
                "prepaid", f"prepaid-{block.block_id}", int(block.minutes), _instant(block.expires_at)
            )
        )
    found.append(rules.Bucket("extra", "extra", int(period.approved_extra_minutes or 0)))
    return found


def capacity(period: Period, at: datetime) -> int:
    """The period's minutes before any extra: included, live rollover, prepaid."""
    return rules.allocate(0, buckets(period), at).remaining_minutes


def entry_view(entry: Entry) -> dict[str, Any]:
    return {
        "id": entry.entry_id,
        "date": entry.date,
        "minutes": int(entry.minutes),
        "billed_minutes": int(entry.billed_minutes),
        "service": entry.service,
        "description": entry.description or "",
        "surcharge": entry.surcharge,
    }


def _period_update(
    tx: TransactWrite,
    r: Retainer,
    period: Period,
    delta: int,
    at: datetime,
    extra_actions: Iterable[Action] = (),
) -> list[OutboxMessage]:
    """Adds the Period's update to `tx`; returns the outbox messages of the alerts it reaches."""
    from portal.models.ledger import Period
    from portal.outbox import service as outbox

    used_after = int(period.used_minutes) + delta
    room = capacity(period, at)
    # pynamodb types ListAttribute(of=NumberAttribute)'s items as the attribute class; they are numbers.
    sent = [int(p) for p in period.alerts_sent or []]  # type: ignore[call-overload]
    reached = rules.crossed_thresholds(int(period.used_minutes), used_after, room, r.terms, sent)
    actions: list[Action] = [Period.used_minutes.add(delta), Period.version.add(1), *extra_actions]
    condition = (Period.status == "open") & (Period.version == int(period.version))
    if reached:
        actions.append(Period.alerts_sent.set(Period.alerts_sent.append(reached)))
        for percent in reached:
            condition &= ~Period.alerts_sent.contains(percent)
    tx.update(period, actions=actions, condition=condition)
    return [
        outbox.message(
            "ledger.alert",
            f"{r.email}#{period.start}#{percent}",
            to,
            to=to,
            email=r.email,
            percent=percent,
            used_minutes=used_after,
            capacity_minutes=room,
            period_end=period.end,
            hourly=r.hourly,
        )
        for percent in reached
        for to in ("client", "assistant")
    ]
