"""Closing an hourly client's month once it has ended. A retainer period closes when Stripe renews
it (the webhook queues `ledger.close`); an hourly client's calendar month has no such event, so it
used to close only when the next month was first written, and its statement waited for that.

The OutboxFunction's daily schedule (`{"close_months": true}`) queues `ledger.close` for every
hourly client whose last month has ended and is still open: the same message, with the same id,
that a renewal would queue, and closing is idempotent (portal.ledger.close), so a second run, a
retry, or a time entry written meanwhile closes the month once.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pynamodb.exceptions import PutError

from portal import errors
from portal.ledger import service


def last_month(at: datetime) -> tuple[str, str]:
    """(start, end) of the calendar month (UTC) before the one holding `at`, as the ledger writes them."""
    this_month, _ = service.month_of(at)
    start, end = service.month_of(this_month - timedelta(days=1))
    return service._iso(start), service._iso(end)


def close_ended(now: datetime | None = None) -> dict[str, int]:
    """Queues `ledger.close` for each hourly client's ended month still open. Counts, no emails."""
    from portal.models.clients import Client
    from portal.models.ledger import Period, client_pk, period_sk
    from portal.models.outbox import OutboxMessage
    from portal.outbox import service as outbox

    at = now or service.now()
    start, _ = last_month(at)
    hourly = Client.scan(Client.prepaid_since.exists(), attributes_to_get=["email"])
    keys = [(client_pk(c.email), period_sk(start)) for c in hourly]
    done = {"queued": 0, "already_queued": 0, "closed": 0}
    for period in Period.batch_get(keys, attributes_to_get=["pk", "start", "end", "status", "tier"]):
        if period.tier is not None or service._instant(period.end) > at:
            continue  # a retainer's period that happens to start on the 1st, or not over yet
        if period.status != "open":
            done["closed"] += 1
            continue
        email = period.pk.split("#", 1)[1]
        message = outbox.message(
            "ledger.close", email, period.start, now=at, email=email, start=period.start,
            end=period.end, tier=None, hours=0,
        )  # fmt: skip
        try:
            message.save(condition=OutboxMessage.id.does_not_exist())
            done["queued"] += 1
        except PutError as error:
            if not errors.condition_failed(error):
                raise
            done["already_queued"] += 1
    return done
