"""The hours ledger's reading side and shared rules: the client's retainer and period, the meter.

The period is the client's current Stripe period (Client.current_period_start/end); its Period item
is created on first write with a conditional put. Every change of an entry is ONE TransactWrite:
the entry, the Period's used_minutes (by the billed difference; conditions: status open and the
version read, so concurrent writers retry instead of losing an alert), the alerts newly reached
(appended to alerts_sent, with their outbox emails) and the audit entry. The rules are pure
functions in portal.ledger.rules; the writes are in portal.ledger.entries.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from pynamodb.exceptions import DoesNotExist, PutError

from portal import catalog, errors
from portal.ledger import rules
from portal.models.clients import client_key

UTC = timezone.utc
MAX_TRIES = 5
FIELDS = ("date", "minutes", "billed_minutes", "service", "description", "surcharge")
CLOSED = "This period is closed: its time can no longer be changed."


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def now() -> datetime:
    return datetime.now(UTC)


def terms_for(tier) -> rules.Terms:
    cat = catalog.catalog()
    return rules.Terms(
        increment_minutes=cat.terms.billing_increment_minutes,
        surcharge_percent={"rush": cat.surcharges.rush_percent,
                           "evenings_weekends": cat.surcharges.evenings_weekends_percent},
        rollover_cap_minutes=tier.rollover.max_hours * 60, rollover_valid_days=tier.rollover.valid_days,
        alert_thresholds_percent=tuple(cat.terms.alert_thresholds_percent),
        approval_cap_minutes=cat.terms.approval_cap_hours * 60, overage_rate=tier.overage_rate)


@dataclass(frozen=True)
class Retainer:
    """A client's contract as the ledger applies it: who, which period, which terms."""
    email: str
    start: str
    end: str
    included_minutes: int
    tier: str
    terms: rules.Terms


def retainer_of(email: str) -> Retainer | None:
    from portal.models.clients import Client

    try:
        client = Client.get(client_key(email))
    except DoesNotExist:
        return None
    tier = catalog.catalog().tier(client.tier) if client.tier else None
    if tier is None or client.current_period_start is None or client.current_period_end is None:
        return None
    hours = int(client.hours_per_month or tier.hours_per_month)
    return Retainer(client.email, _iso(client.current_period_start), _iso(client.current_period_end),
                    hours * 60, tier.id, terms_for(tier))


def require_retainer(email: str) -> Retainer:
    found = retainer_of(email)
    if found is None:
        from portal.account.service import client_record

        if client_record(client_key(email)) is None:
            raise errors.NotFound("No client has this email address.")
        raise errors.Conflict("This client has no retainer period, so there are no hours to log against.",
                              reason="no-retainer")
    return found


def period_of(r: Retainer, create: bool = False):
    """The Period item of r's current period (consistent read); a fresh one, saved when `create`."""
    from portal.models.ledger import Period, client_pk, period_sk

    try:
        return Period.get(client_pk(r.email), period_sk(r.start), consistent_read=True)
    except DoesNotExist:
        pass
    item = Period(client_pk(r.email), period_sk(r.start), start=r.start, end=r.end, tier=r.tier,
                  included_minutes=r.included_minutes, rollover=[], alerts_sent=[], used_minutes=0,
                  prepaid_minutes=0, approved_extra_minutes=0, version=0, status="open", created_at=_iso(now()))
    previous = list(Period.query(item.pk, Period.sk.between("period#", item.sk), scan_index_forward=False, limit=2))
    previous = [p for p in previous if p.sk < item.sk]
    if previous and previous[0].status == "closed" and previous[0].rollover_out:
        from portal.ledger.close import carried
        from portal.models.ledger import RolloverBucket

        # The closed period's rollover arrives with the new period's first item (portal.ledger.close).
        item.rollover = [RolloverBucket(**b) for b in carried(previous[0])]
        item.rollover_from = previous[0].start
    if create:
        try:
            item.save(condition=Period.pk.does_not_exist())
        except PutError as error:
            if not errors.condition_failed(error):
                raise
            return Period.get(item.pk, item.sk, consistent_read=True)
    return item


def buckets(period) -> list[rules.Bucket]:
    found = [rules.Bucket("included", "included", int(period.included_minutes))]
    for number, bucket in enumerate(period.rollover or []):
        found.append(rules.Bucket("rollover", f"rollover-{number}", int(bucket.minutes), _instant(bucket.expires_at)))
    if period.prepaid_minutes:
        found.append(rules.Bucket("prepaid", "prepaid", int(period.prepaid_minutes)))
    found.append(rules.Bucket("extra", "extra", int(period.approved_extra_minutes or 0)))
    return found


def capacity(period, at: datetime) -> int:
    """The period's minutes before any extra: included, live rollover, prepaid."""
    return rules.allocate(0, buckets(period), at).remaining_minutes


def entries_of(r_email: str, start: str) -> list:
    from portal.models.ledger import Entry, client_pk

    found = Entry.query(client_pk(r_email), Entry.sk.startswith(f"entry#{start}#"), consistent_read=True)
    return [e for e in found if e.deleted_at is None]


def entry_view(entry) -> dict:
    return {"id": entry.entry_id, "date": entry.date, "minutes": int(entry.minutes),
            "billed_minutes": int(entry.billed_minutes), "service": entry.service,
            "description": entry.description or "", "surcharge": entry.surcharge}


def hours(email: str, practice: bool = False) -> dict | None:
    """The meter: one read of the Period, one Query of its entries. None without a retainer."""
    r = retainer_of(email)
    if r is None:
        return None
    period, at = period_of(r), now()
    used, approved = int(period.used_minutes), int(period.approved_extra_minutes or 0)
    allocation = rules.allocate(used, buckets(period), at)
    live = [b for b in period.rollover or [] if _instant(b.expires_at) > at]
    entries = sorted(entries_of(r.email, r.start), key=lambda e: (e.date, e.created_at))
    document = {
        "period": {"start": period.start, "end": period.end}, "included_minutes": int(period.included_minutes),
        "rollover_minutes": sum(int(b.minutes) for b in live),
        "rollover": [{"minutes": int(b.minutes), "expires_at": b.expires_at} for b in live],
        "prepaid_minutes": int(period.prepaid_minutes or 0), "used_minutes": used,
        "remaining_minutes": allocation.remaining_minutes, "approved_extra_minutes": approved,
        "extra_used_minutes": allocation.by_kind["extra"], "approval_cap_minutes": r.terms.approval_cap_minutes,
        "can_approve_extra": period.status == "open" and rules.can_approve(
            60, approved, used, capacity(period, at), r.terms) is None,
        "entries": [entry_view(e) for e in entries], "statements": statements_of(r.email)}
    if practice:  # time beyond the approved extra: never billed, flagged for the assistant
        document.update(unfunded_minutes=allocation.unfunded_minutes, status=period.status)
    return document


def statements_of(email: str) -> list[dict]:
    """The closed periods, newest first, each with its downloadable statement."""
    from portal.models.ledger import Period, client_pk

    closed = [p for p in Period.query(client_pk(email), Period.sk.startswith("period#"), scan_index_forward=False,
                                      attributes_to_get=["start", "end", "status"]) if p.status == "closed"]
    return [{"period_start": p.start, "period_end": p.end, "url": f"/api/me/statements/{p.start}"} for p in closed]


def _period_update(tx, r: Retainer, period, delta: int, at: datetime, extra_actions=()) -> list:
    """Adds the Period's update to `tx`; returns the outbox messages of the alerts it reaches."""
    from portal.models.ledger import Period
    from portal.outbox import service as outbox

    used_after = int(period.used_minutes) + delta
    room = capacity(period, at)
    sent = [int(p) for p in period.alerts_sent or []]
    reached = rules.crossed_thresholds(int(period.used_minutes), used_after, room, r.terms, sent)
    actions = [Period.used_minutes.add(delta), Period.version.add(1), *extra_actions]
    condition = (Period.status == "open") & (Period.version == int(period.version))
    if reached:
        actions.append(Period.alerts_sent.set(Period.alerts_sent.append(reached)))
        for percent in reached:
            condition &= ~Period.alerts_sent.contains(percent)
    tx.update(period, actions=actions, condition=condition)
    return [outbox.message("ledger.alert", f"{r.email}#{period.start}#{percent}", to, to=to, email=r.email,
                           percent=percent, used_minutes=used_after, capacity_minutes=room, period_end=period.end)
            for percent in reached for to in ("client", "assistant")]


def export(email: str) -> dict:
    """Every ledger item of the client, as stored ("download my data")."""
    from portal.models.ledger import TRACKER_NAMES_SK, Entry, Period, TrackerNames, client_pk

    def plain(item) -> dict:
        return {k: v.as_dict() if hasattr(v, "as_dict") else v for k, v in item.attribute_values.items()
                if k not in ("pk", "sk")}

    pk = client_pk(email)
    names = list(TrackerNames.query(pk, TrackerNames.sk == TRACKER_NAMES_SK))
    return {"periods": [plain(p) | {"rollover": [b.as_dict() for b in p.rollover or []]}
                        for p in Period.query(pk, Period.sk.startswith("period#"))],
            "entries": [plain(e) for e in Entry.query(pk, Entry.sk.startswith("entry#"))],
            "tracker_names": list(names[0].names) if names else []}


def erase(email: str) -> int:
    """Deletes the client's whole ledger partition (periods, entries, tracker names); safe to repeat."""
    from portal.models.ledger import Entry, client_pk

    erased = 0
    for item in Entry.query(client_pk(email), attributes_to_get=["pk", "sk"]):
        Entry(item.pk, item.sk).delete()
        erased += 1
    return erased
