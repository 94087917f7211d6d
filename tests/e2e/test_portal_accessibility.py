"""The portal's pages (sign-in, the client's account, the practice view, the billing link's page)
pass axe-core's WCAG 2.0/2.1/2.2 A and AA rules in every state a visitor reaches without data of
their own: signed out, an emailed link opened (then refused), signed in as a client and as the
assistant. Each state is also visited under the production Content-Security-Policy (the front door
sends it) with no console error and no policy violation.

axe-core lives in tests/e2e/axe (its own package.json and lock, installed on first use with
`npm ci` by the `axe_source` fixture in conftest.py); it is injected into a context made with
`bypass_csp=True`, since the site's policy rightly refuses injected scripts. The policy check
runs in an ordinary context first.
"""

from __future__ import annotations

import re
import time
import uuid
from datetime import date, timedelta

import pytest

from infra.local import template as tpl

pytestmark = pytest.mark.e2e

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
LINK = re.compile(r"/account/sign-in/\?token=([A-Za-z0-9_.~%-]+)")
PHONE = {"width": 390, "height": 844}

WATCH = """
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', e =>
        window.__violations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' '
            + e.sourceFile + ':' + e.lineNumber));
"""


class Visitor:
    """One browser profile (its cookies): pages are checked under the policy, then with axe."""

    def __init__(self, browser, stack, axe_source, viewport=PHONE):
        self.browser, self.stack, self.axe_source, self.viewport = browser, stack, axe_source, viewport
        self.context = browser.new_context(viewport=viewport)
        self.context.add_init_script(WATCH)
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on(
            "request",
            lambda r: None if r.url.startswith((stack.url, "data:", "blob:")) else self.outside.append(r.url),
        )

    def _console(self, message):
        """Errors, less Chromium's note on each API answer in 4xx: signed out /api/me is a 401, a
        client's /api/practice/* a 403, a used link a 404 or 410; the pages show those as states."""
        if message.type != "error":
            return
        url = (message.location or {}).get("url", "")
        if (
            url.startswith(self.stack.url + "/api/") or url == self.stack.url + "/no-such-page/"
        ) and re.fullmatch(
            r"Failed to load resource: the server responded with a status of 4\d\d .*", message.text
        ):
            return  # (the site's 404 page is answered with a 404, as it must be)
        self.errors.append(f"{message.text} ({url})")

    def close(self):
        self.context.close()

    def sign_in(self, address: str):
        already = len(self.stack.mail())
        self.page.goto(self.stack.url + "/account/sign-in/")
        self.page.get_by_label("Email", exact=True).fill(address)
        self.page.get_by_role("button", name="Email me a sign-in link").click()
        self.page.locator("#sign-in-status").filter(has_text="Check your email").wait_for()
        deadline, link = time.monotonic() + 15, None
        while link is None and time.monotonic() < deadline:
            found = [LINK.search(m["text"]) for m in self.stack.mail()[already:] if address in m["to"]]
            found = [f for f in found if f]
            link = found[-1].group(1) if found else None
            if link is None:
                time.sleep(0.2)
        assert link, f"no sign-in link reached {address}"
        self.page.goto(self.stack.url + "/account/sign-in/?token=" + link)
        self.page.get_by_role("button", name="Sign in", exact=True).click()
        self.page.wait_for_url(re.compile(r"/(account|practice)/$"))

    def check(self, path: str, ready: str, then=None, name: str | None = None):
        """Visit `path` under the policy (no error, no violation), wait for `ready`, optionally act
        (`then(page)`), then run axe on the same state in a policy-bypassing copy of the profile."""
        name = name or path
        page = self.page
        self.errors.clear()
        page.goto(self.stack.url + path)
        page.locator(ready).first.wait_for()
        if then:
            then(page)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__violations") == [], name
        assert self.errors == [], (name, self.errors)
        assert self.outside == [], f"requests left the origin: {self.outside}"

        audit = self.browser.new_context(
            viewport=self.viewport, bypass_csp=True, storage_state=self.context.storage_state()
        )
        try:
            page = audit.new_page()
            page.set_default_timeout(15_000)
            page.goto(self.stack.url + path)
            page.locator(ready).first.wait_for()
            if then:
                then(page)
            page.wait_for_load_state("networkidle")
            page.add_script_tag(content=self.axe_source)
            result = page.evaluate(
                """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})
                .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)})))""",
                TAGS,
            )
        finally:
            audit.close()
        assert result == [], f"axe on {name}: {result}"


@pytest.fixture
def visitor(browser, local_stack, axe_source):
    made = []

    def make():
        made.append(Visitor(browser, local_stack, axe_source))
        return made[-1]

    yield make
    for v in made:
        v.close()


def book_a_call(stack, email: str, name: str):
    zone = "America/New_York"
    today = date.today()
    slots = stack.get(f"/api/availability?from={today}&to={today + timedelta(days=14)}&tz={zone}").json()[
        "slots"
    ]
    answer = stack.post(
        "/api/bookings",
        {"name": name, "email": email, "start": slots[len(slots) // 2]["start"], "timezone": zone},
    )
    assert answer.status == 201, answer.json()


def refuse_the_link(page):
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.locator("#sign-in-status").filter(has_text="expired or was already used").wait_for()


def refuse_the_billing_link(page):
    page.get_by_role("button", name="Open the billing portal").click()
    page.locator("[data-billing-open-status] a").wait_for()


def test_signed_out_pages_pass_axe_under_the_policy(visitor):
    v = visitor()
    v.check("/account/sign-in/", "#sign-in-email-form:not([hidden])")
    v.check(
        "/account/sign-in/?token=not-a-real-token",
        "#sign-in-token-form:not([hidden])",
        name="sign-in, link opened",
    )
    v.check(
        "/account/sign-in/?token=not-a-real-token",
        "#sign-in-token-form:not([hidden])",
        refuse_the_link,
        name="sign-in, link refused",
    )
    v.check("/account/", '[data-portal-state="signed-out"]')
    v.check("/practice/", '[data-portal-state="signed-out"]')
    v.check("/billing/open/", "[data-billing-open-status] a")
    v.check(
        "/billing/open/?token=not-a-real-token",
        "[data-billing-open-button]:not([disabled])",
        name="billing/open, link opened",
    )
    v.check(
        "/billing/open/?token=not-a-real-token",
        "[data-billing-open-button]:not([disabled])",
        refuse_the_billing_link,
        name="billing/open, link refused",
    )


def test_a_clients_pages_pass_axe_under_the_policy(local_stack, visitor):
    email = f"e2e-a11y-{uuid.uuid4().hex[:8]}@example.com"
    book_a_call(local_stack, email, "Grace Hopper")
    v = visitor()
    v.sign_in(email)
    v.check("/account/", "#account-sign-out")
    v.check("/practice/", '[data-portal-state="forbidden"]')


def test_the_assistants_pages_pass_axe_under_the_policy(local_stack, visitor):
    email = f"e2e-a11y-{uuid.uuid4().hex[:8]}@example.com"
    book_a_call(local_stack, email, "Ada Lovelace")
    v = visitor()
    v.sign_in(tpl.parameter_defaults()["AssistantEmail"])
    v.check("/practice/", "#practice-calls-list li")

    def open_the_client(page):
        page.get_by_label("Name, company or email").fill(email)
        row = page.locator(f'#practice-clients-list tr[data-id="{email}"]')
        row.get_by_role("button", name="Ada Lovelace").click()
        page.locator("#practice-client-detail").get_by_role("heading", name="Ada Lovelace").wait_for()

    v.check("/practice/", "#practice-calls-list li", open_the_client, name="practice, a client's record open")
    v.check("/account/", '[data-portal-state="assistant"]')
