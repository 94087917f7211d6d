"""The practice view in a real browser: the assistant signs in from the emailed link, cancels a
client's call and the time is free to book again; a client's session gets the "for the assistant"
state, and the API refuses it too."""

import re
import time
import uuid
from datetime import date, datetime, timedelta

import pytest

from infra.local import template as tpl

pytestmark = pytest.mark.e2e

LINK = re.compile(r"/account/sign-in/\?token=([A-Za-z0-9_.~%-]+)")
ZONE = "America/New_York"


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "timezone_id": ZONE, "locale": "en-US"}


@pytest.fixture(scope="module")
def assistant():
    return tpl.parameter_defaults()["AssistantEmail"]


def sign_in(local_stack, page, address):
    """Through the pages: ask for a link, open it from the email, press Sign in."""
    already = len(local_stack.mail())
    page.goto(local_stack.url + "/account/sign-in/")
    page.get_by_label("Email", exact=True).fill(address)
    page.get_by_role("button", name="Email me a sign-in link").click()
    page.locator("#sign-in-status").filter(has_text="Check your email").wait_for()
    deadline, link = time.monotonic() + 15, None
    while link is None and time.monotonic() < deadline:
        # The assistant's inbox also gets every booking notice: the newest mail with a link wins.
        found = [LINK.search(m["text"]) for m in local_stack.mail()[already:] if address in m["to"]]
        found = [f for f in found if f]
        link = found[-1].group(1) if found else None
        if link is None:
            time.sleep(0.2)
    assert link, f"no sign-in link reached {address}"
    page.goto(local_stack.url + "/account/sign-in/?token=" + link)
    assert "token=" not in page.url
    page.get_by_role("button", name="Sign in", exact=True).click()


def free_slots(local_stack, days=14):
    today = date.today()
    answer = local_stack.get(f"/api/availability?from={today}&to={today + timedelta(days=days)}&tz={ZONE}")
    assert answer.status == 200
    return [datetime.fromisoformat(slot["start"]) for slot in answer.json()["slots"]]


def book(local_stack, email, name, start: datetime):
    answer = local_stack.post(
        "/api/bookings", {"name": name, "email": email, "start": start.isoformat(), "timezone": ZONE}
    )
    assert answer.status == 201, answer.json()
    return answer.json()


def test_the_assistant_cancels_a_call_and_the_time_is_free_again(local_stack, site, assistant):
    email = f"e2e-practice-{uuid.uuid4().hex[:8]}@example.com"
    start = free_slots(local_stack)[-1]  # the last: the other tests take the first ones
    book(local_stack, email, "Katherine Johnson", start)
    assert start not in free_slots(local_stack)

    sign_in(local_stack, site, assistant)
    site.wait_for_url(re.compile(r"/practice/$"))
    call = site.locator("#practice-calls-list li").filter(has_text=email)
    call.wait_for()
    assert "Katherine Johnson" in call.inner_text()

    # Cancel asks first; "No" keeps the call.
    call.get_by_role("button", name="Cancel call").click()
    call.get_by_role("button", name="No, keep it").click()
    call.get_by_role("button", name="Cancel call").click()
    call.get_by_role("button", name="Yes, cancel the call").click()
    site.locator("#practice-calls-status").filter(has_text="is cancelled").wait_for()
    call.wait_for(state="detached")

    # The time is free again, and someone else can book it.
    assert start in free_slots(local_stack)
    book(local_stack, f"e2e-next-{uuid.uuid4().hex[:8]}@example.com", "Dorothy Vaughan", start)

    # The client's record shows the call as cancelled.
    site.get_by_label("Name, company or email").fill(email)
    row = site.locator(f'#practice-clients-list tr[data-id="{email}"]')
    row.wait_for()
    row.get_by_role("button", name="Katherine Johnson").click()
    detail = site.locator("#practice-client-detail")
    detail.get_by_role("heading", name="Katherine Johnson").wait_for()
    assert "Cancelled" in detail.inner_text()


def test_a_clients_session_cannot_open_the_practice_view(local_stack, site):
    email = f"e2e-client-{uuid.uuid4().hex[:8]}@example.com"
    book(local_stack, email, "Mary Jackson", free_slots(local_stack)[-2])
    sign_in(local_stack, site, email)
    site.wait_for_url(re.compile(r"/account/$"))

    site.goto(local_stack.url + "/practice/")
    state = site.locator('[data-portal-state="forbidden"]')
    state.get_by_role("heading", name="This page is for the assistant").wait_for()
    assert state.get_by_role("link", name="Go to your account").get_attribute("href") == "/account/"
    assert site.locator("#practice-app").is_hidden()
    # Not only the page: the API itself refuses the client's session.
    assert site.request.get(local_stack.url + "/api/practice/clients").status == 403
    assert site.request.get(local_stack.url + "/api/practice/bookings?when=upcoming").status == 403


def test_signed_out_the_practice_view_offers_to_sign_in(local_stack, site):
    site.goto(local_stack.url + "/practice/")
    state = site.locator('[data-portal-state="signed-out"]')
    state.get_by_role("link", name="Sign in").wait_for()
    assert site.request.get(local_stack.url + "/api/practice/clients").status == 401
