"""POST /api/billing-portal and the single-use, expiring link it emails: the link opens a page of
the site, and only that page's POST to /api/billing-portal/open uses it; a GET (a mail scanner
following the link) uses nothing."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from portal import links
from portal.models.billing import BillingLink
from portal.models.clients import Client

EMAIL = "lee@example.com"


@pytest.fixture
def retainer(billing, deliver, checkout):
    for event in billing.pay(checkout(email=EMAIL)):
        deliver(event)
    return Client.get(EMAIL)


def link_in(mail) -> str:
    return re.search(r"http://127\.0\.0\.1:8000/billing/open/\?token=(\S+)", mail["text"]).group(1)


def test_everyone_gets_the_same_202_and_only_a_retainer_gets_a_link(api, retainer, sent_mail):
    before = len(sent_mail())
    answers = [
        api.post("/api/billing-portal", {"email": email})
        for email in ("nobody@example.com", EMAIL.upper(), "nobody2@example.com")
    ]
    assert {(a.status, a.body) for a in answers} == {(202, answers[0].body)}
    mails = sent_mail()[before:]
    assert [m["to"] for m in mails] == [EMAIL]
    assert BillingLink.get(links.digest(link_in(mails[0]))).email == EMAIL
    assert link_in(mails[0]) not in str([item.token_sha256 for item in BillingLink.scan()])


def test_a_filled_honeypot_gets_the_same_answer_and_no_mail(api, retainer, sent_mail):
    before = len(sent_mail())
    answer = api.post("/api/billing-portal", {"email": EMAIL, "website": "http://spam"})
    assert answer.status == 202 and len(sent_mail()) == before


def test_the_email_sends_to_the_page_whose_button_opens_the_portal(api, retainer, sent_mail):
    api.post("/api/billing-portal", {"email": EMAIL})
    mail = sent_mail()[-1]
    assert 'press "Open the billing portal"' in mail["text"] and "/api/" not in mail["text"]


def test_only_the_pages_post_uses_the_link_once(api, retainer, sent_mail, billing):
    api.post("/api/billing-portal", {"email": EMAIL})
    token = link_in(sent_mail()[-1])
    for _ in range(3):  # mail scanners, link previews: GETs change nothing
        scanned = api.get(f"/api/billing-portal/{token}")
        assert scanned.status == 303 and scanned.headers["location"] == f"/billing/open/?token={token}"
    first = api.post("/api/billing-portal/open", {"token": token})
    assert first.status == 200, first.body
    session_id = first.json()["url"].rsplit("/", 1)[-1]
    session = billing.objects["billing_portal_sessions"][session_id]
    assert session["customer"] == retainer.stripe_customer_id
    ours = billing.objects["billing_portal_configurations"][session["configuration"]]
    assert (
        ours["metadata"]["managed_by"] == "va-portal" and ours["features"]["subscription_update"]["enabled"]
    )
    again = api.post("/api/billing-portal/open", {"token": token})
    assert again.status == 404 and "already used" in again.json()["message"]


def test_an_expired_link_is_410(api, retainer, sent_mail):
    api.post("/api/billing-portal", {"email": EMAIL})
    token = link_in(sent_mail()[-1])
    link = BillingLink.get(links.digest(token))
    link.update(actions=[BillingLink.expires_at.set(datetime.now(UTC) - timedelta(seconds=1))])
    answer = api.post("/api/billing-portal/open", {"token": token})
    assert answer.status == 410 and "expired" in answer.json()["message"]


@pytest.mark.parametrize("token", ["short", "x" * 40, "y" * 200])
def test_an_unknown_link_is_404(api, billing, token):
    assert api.post("/api/billing-portal/open", {"token": token}).status == 404


@pytest.mark.parametrize("body", [{}, {"token": ""}, {"token": "x" * 201}, {"token": "x" * 40, "extra": 1}])
def test_a_malformed_open_request_is_422(api, billing, body):
    assert api.post("/api/billing-portal/open", body).status == 422


def test_a_client_without_a_retainer_gets_no_link(api, billing, sent_mail):
    now = datetime.now(UTC)
    Client(EMAIL, created_at=now, updated_at=now).save()
    assert api.post("/api/billing-portal", {"email": EMAIL}).status == 202
    assert sent_mail() == []


@pytest.mark.parametrize("how", ["used", "expired"])
def test_a_used_or_expired_link_renews_in_one_click_to_the_same_address(
    api, retainer, sent_mail, billing, how
):
    api.post("/api/billing-portal", {"email": EMAIL})
    token = link_in(sent_mail()[-1])
    if how == "used":
        assert api.post("/api/billing-portal/open", {"token": token}).status == 200
    else:
        BillingLink.get(links.digest(token)).update(
            actions=[BillingLink.expires_at.set(datetime.now(UTC) - timedelta(seconds=1))]
        )
    before = len(sent_mail())
    answer = api.post("/api/billing-portal/renew", {"token": token})
    assert answer.status == 202 and "new link is on its way" in answer.json()["message"]
    mails = sent_mail()[before:]
    assert [m["to"] for m in mails] == [EMAIL]
    fresh = link_in(mails[0])
    assert fresh != token and api.post("/api/billing-portal/open", {"token": fresh}).status == 200
    assert api.post("/api/billing-portal/open", {"token": token}).status in (
        404,
        410,
    )  # the old one stays dead


@pytest.mark.parametrize("token", ["short", "x" * 40])
def test_an_unknown_link_does_not_renew(api, billing, sent_mail, token):
    answer = api.post("/api/billing-portal/renew", {"token": token})
    assert answer.status == 404 and "billing page" in answer.json()["message"] and sent_mail() == []


def test_an_outage_while_using_the_link_is_not_called_a_used_link(api, retainer, sent_mail, monkeypatch):
    from botocore.exceptions import ClientError
    from pynamodb.exceptions import UpdateError

    api.post("/api/billing-portal", {"email": EMAIL})
    token = link_in(sent_mail()[-1])
    throttled = ClientError({"Error": {"Code": "ProvisionedThroughputExceededException"}}, "UpdateItem")

    def outage(self, *args, **kwargs):
        raise UpdateError("Failed to update item", cause=throttled)

    monkeypatch.setattr(BillingLink, "update", outage)
    # A 5xx the client may retry, not "already used".
    assert api.post("/api/billing-portal/open", {"token": token}).status >= 500
    monkeypatch.undo()
    assert api.post("/api/billing-portal/open", {"token": token}).status == 200


def test_the_account_pages_billing_portal_offers_the_same_plans_as_the_emailed_link(
    api, retainer, sent_mail, billing
):
    from tests.unit.signin.helpers import sign_in

    answer = sign_in(api, sent_mail, EMAIL).post("/api/me/billing-portal")
    assert answer.status == 200, answer.body
    session = billing.objects["billing_portal_sessions"][answer.json()["url"].rsplit("/", 1)[-1]]
    assert session["customer"] == retainer.stripe_customer_id
    assert session["return_url"].endswith("/account/")
    ours = billing.objects["billing_portal_configurations"][session["configuration"]]
    assert ours["metadata"]["managed_by"] == "va-portal"
