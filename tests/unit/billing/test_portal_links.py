"""POST /api/billing-portal and the single-use, expiring link it emails."""
from __future__ import annotations

import re
import time
from datetime import datetime, timezone

import pytest

from portal import links
from portal.billing import portal_links
from portal.models.billing import BillingLink
from portal.models.clients import Client

EMAIL = "lee@example.com"


@pytest.fixture
def retainer(billing, deliver, checkout):
    for event in billing.pay(checkout(email=EMAIL)):
        deliver(event)
    return Client.get(EMAIL)


def link_in(mail) -> str:
    return re.search(r"http://\S+/api/billing-portal/(\S+)", mail["text"]).group(1)


def test_everyone_gets_the_same_202_and_only_a_retainer_gets_a_link(api, retainer, sent_mail):
    before = len(sent_mail())
    answers = [api.post("/api/billing-portal", {"email": email})
               for email in ("nobody@example.com", EMAIL.upper(), "nobody2@example.com")]
    assert {(a.status, a.body) for a in answers} == {(202, answers[0].body)}
    mails = sent_mail()[before:]
    assert [m["to"] for m in mails] == [EMAIL]
    assert BillingLink.get(links.digest(link_in(mails[0]))).email == EMAIL
    assert link_in(mails[0]) not in str([item.token_sha256 for item in BillingLink.scan()])


def test_a_filled_honeypot_gets_the_same_answer_and_no_mail(api, retainer, sent_mail):
    before = len(sent_mail())
    answer = api.post("/api/billing-portal", {"email": EMAIL, "website": "http://spam"})
    assert answer.status == 202 and len(sent_mail()) == before


def test_the_link_opens_stripe_once(api, retainer, sent_mail, billing):
    api.post("/api/billing-portal", {"email": EMAIL})
    token = link_in(sent_mail()[-1])
    first = api.get(f"/api/billing-portal/{token}")
    assert first.status == 302
    location = first.headers["location"]
    session_id = location.rsplit("/", 1)[-1]
    assert billing.objects["billing_portal_sessions"][session_id]["customer"] == retainer.stripe_customer_id
    again = api.get(f"/api/billing-portal/{token}")
    assert again.status == 404 and b"already used" in again.body and b"/billing/" in again.body


def test_an_expired_link_is_410(api, retainer, sent_mail):
    api.post("/api/billing-portal", {"email": EMAIL})
    token = link_in(sent_mail()[-1])
    link = BillingLink.get(links.digest(token))
    link.update(actions=[BillingLink.expires_at.set(int(time.time()) - 1)])
    answer = api.get(f"/api/billing-portal/{token}")
    assert answer.status == 410 and b"expired" in answer.body


@pytest.mark.parametrize("token", ["short", "x" * 40, "y" * 200])
def test_an_unknown_link_is_404(api, billing, token):
    assert api.get(f"/api/billing-portal/{token}").status == 404


def test_a_client_without_a_retainer_gets_no_link(api, billing, sent_mail):
    now = datetime.now(timezone.utc)
    Client(EMAIL, created_at=now, updated_at=now).save()
    assert api.post("/api/billing-portal", {"email": EMAIL}).status == 202
    assert sent_mail() == []
