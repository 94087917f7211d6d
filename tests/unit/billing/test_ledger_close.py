"""A renewal closes the period's hours: totals frozen, unused plan hours rolled over (capped),
extra hours billed as ONE Stripe invoice item however often the renewal arrives, and a statement."""

from __future__ import annotations

from datetime import UTC, datetime

from portal.models.clients import Client
from tests.unit.signin.helpers import ASSISTANT, sign_in

EMAIL = "pat@example.com"
TODAY = datetime.now(UTC).date().isoformat()


def _retainer(billing, checkout, deliver, tier="essentials-10"):
    for event in billing.pay(checkout(tier=tier, email=EMAIL)):
        assert deliver(event).status == 200
    return Client.get(EMAIL)


def _log(assistant, minutes: int):
    answer = assistant.post(
        "/api/practice/time-entries",
        {
            "client_email": EMAIL,
            "date": TODAY,
            "minutes": minutes,
            "service": "email",
            "description": "Inbox",
        },
    )
    assert answer.status == 201, answer.body


def _renew(billing, deliver, client, times: int = 1):
    events = billing.renew(client.subscription_id)
    for _ in range(times):  # Stripe may deliver each event more than once
        for event in events:
            assert deliver(event).status == 200


def _items(customer: str) -> list:
    from portal.billing import stripe_client

    return list(stripe_client.client().v1.invoice_items.list(params={"customer": customer}).data)


def _period(start):
    from portal.ledger.service import _iso
    from portal.models.ledger import Period, client_pk, period_sk

    return Period.get(client_pk(EMAIL), period_sk(_iso(start)))


def test_extra_hours_are_billed_once_and_the_client_gets_a_statement(
    api, billing, checkout, deliver, sent_mail
):
    client = _retainer(billing, checkout, deliver)
    assistant, pat = sign_in(api, sent_mail, ASSISTANT), sign_in(api, sent_mail, EMAIL)
    _log(assistant, 600)  # the plan's 10 hours
    assert pat.post("/api/me/extra-hours", {"hours": 2}).status == 200
    _log(assistant, 90)
    _renew(billing, deliver, client, times=3)
    from portal.ledger import close

    close.close(
        {
            "email": EMAIL,
            "start": close._iso(client.current_period_start),  # a double run
            "end": close._iso(client.current_period_end),
            "tier": "essentials-10",
            "hours": 10,
        }
    )
    closed = _period(client.current_period_start)
    assert (closed.status, closed.extra_billed_minutes, closed.overage_amount) == ("closed", 90, 6300)
    items = _items(client.stripe_customer_id)
    assert [(i.amount, i.currency) for i in items] == [(6300, "usd")]  # 1.5 h x $42, once
    assert closed.overage_item_id == items[0].id
    statements = [m for m in sent_mail() if m["to"] == EMAIL and "statement" in m["subject"]]
    assert len(statements) == 1 and statements[0]["attachments"][0]["filename"].endswith(".csv")
    assert "extra_billed_minutes,90" in statements[0]["attachments"][0]["content"]
    # The new period opens with the new plan month; the old one is downloadable.
    hours = pat.get("/api/me/hours").json()
    assert hours["used_minutes"] == 0 and hours["rollover_minutes"] == 0
    url = hours["statements"][0]["url"]
    download = pat.get(url)
    assert download.status == 200 and "attachment" in download.headers["content-disposition"]
    assert download.body.decode().startswith("date,service,description,minutes,billed_minutes,surcharge")


def test_unused_plan_hours_roll_over_up_to_the_cap_and_never_again(
    api, billing, checkout, deliver, sent_mail
):
    client = _retainer(billing, checkout, deliver)
    assistant = sign_in(api, sent_mail, ASSISTANT)
    pat = sign_in(api, sent_mail, EMAIL)
    _log(assistant, 300)  # 5 of 10 hours: 5 unused, the Essentials cap is 2
    _renew(billing, deliver, client)
    closed = _period(client.current_period_start)
    assert [int(b.minutes) for b in closed.rollover_out] == [120] and _items(client.stripe_customer_id) == []
    hours = pat.get("/api/me/hours").json()
    assert hours["rollover_minutes"] == 120 and hours["remaining_minutes"] == 600 + 120
    # Unused again next month: the plan's unused hours roll (capped), the old rollover does not roll again.
    renewed = Client.get(EMAIL)
    _renew(billing, deliver, renewed)
    second = _period(renewed.current_period_start)
    assert sum(int(b.minutes) for b in second.rollover_out) <= 120 + 120
    assert all(b.expires_at > second.end or int(b.minutes) == 120 for b in second.rollover_out)


def test_time_logged_after_the_close_is_refused_with_a_clear_message(
    api, billing, checkout, deliver, sent_mail
):
    from portal.ledger import close

    client = _retainer(billing, checkout, deliver)
    assistant = sign_in(api, sent_mail, ASSISTANT)
    _log(assistant, 60)
    entry_period = close._iso(client.current_period_start)
    close.close(
        {
            "email": EMAIL,
            "start": entry_period,
            "end": close._iso(client.current_period_end),
            "tier": "essentials-10",
            "hours": 10,
        }
    )
    answer = assistant.post(
        "/api/practice/time-entries",
        {"client_email": EMAIL, "date": TODAY, "minutes": 30, "service": "email", "description": "Late"},
    )
    assert answer.status == 409 and "closed" in answer.json()["message"]
    assert int(_period(client.current_period_start).used_minutes) == 60
