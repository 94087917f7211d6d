"""The intake questionnaire walked as a busy client would, on a phone and on a desktop: every
missing answer named at once before anything is sent, the server's refusal never hidden behind
"7 of 7 complete", the labels people saw (never internal names), nothing pinned over the field in
focus, no "Draft saved" before anything was typed."""

from __future__ import annotations

import re
import uuid

import pytest

from tests.e2e.test_intake import _fill

pytestmark = pytest.mark.e2e

# working_hours, delegation.spending_limit, "these fields: email": the API's names, not the form's.
INTERNAL_NAME = re.compile(r"\b[a-z]+_[a-z_]+\b|\b[a-z]+\.[a-z]+_|these fields: [a-z]")


def open_intake(local_stack, page, width: int):
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(local_stack.url + "/intake/")
    page.evaluate("localStorage.clear()")
    page.reload()
    page.locator("#intake-app form").wait_for()


@pytest.mark.parametrize("width", (390, 1280))
def test_an_empty_submit_names_every_missing_answer_at_once_without_a_round_trip(local_stack, site, width):
    open_intake(local_stack, site, width)
    assert site.locator("#intake-app form").evaluate("f => f.noValidate"), (
        "the browser's one-at-a-time bubbles"
    )
    assert site.locator("#intake-saved").inner_text() == "", "Draft saved before anything was typed"
    sent = []
    site.on("request", lambda r: sent.append(r.url) if r.url.endswith("/api/intake") else None)

    site.get_by_label("Your name").fill("Ada")
    assert "Draft saved" in site.locator("#intake-saved").inner_text()
    site.get_by_label("Your name").fill("")
    site.get_by_role("button", name="Send the questionnaire").click()

    alert = site.get_by_role("alert")
    alert.wait_for()
    items = alert.locator("li").all_inner_texts()
    for label in (
        "Your name",
        "Email",
        "Services you want",
        "Hours a month you expect",
        "Working days",
        "Day starts",
        "Day ends",
        "Preferred channel",
        "How often we check in",
        "Spending limit without asking",
    ):
        assert any(item.startswith(label) for item in items), (label, items)
    assert not INTERNAL_NAME.search(alert.inner_text()), alert.inner_text()
    assert sent == [], "the server was asked before the client had checked"
    assert site.locator("#intake-progress-label").inner_text().startswith("0 of 7")

    # Each link of the summary takes the person to the field, and it is in view.
    alert.get_by_role("link", name=re.compile("^Working days")).click()
    focused = site.evaluate("document.activeElement.name")
    assert focused == "working_hours.days"


@pytest.mark.parametrize("width", (390, 1280))
def test_a_server_refusal_is_shown_in_words_and_never_as_complete(local_stack, site, width):
    open_intake(local_stack, site, width)
    _fill(site, "someone@localhost")  # valid to the browser, refused by the server
    site.get_by_role("button", name="Send the questionnaire").click()
    error = site.locator('[data-error-for="email"]')
    error.wait_for(state="visible")
    alert = site.get_by_role("alert")
    assert not INTERNAL_NAME.search(alert.inner_text()), alert.inner_text()
    assert alert.locator("li").first.inner_text().startswith("Email")
    assert site.locator("#intake-progress-label").inner_text() == "6 of 7 sections complete"
    assert "is-complete" not in (site.locator('[data-step="about"]').get_attribute("class") or "")

    site.get_by_label("Email", exact=True).fill(f"ada+{uuid.uuid4().hex[:8]}@example.com")
    assert site.locator("#intake-progress-label").inner_text() == "7 of 7 sections complete"
    site.get_by_role("button", name="Send the questionnaire").click()
    done = site.get_by_role("status")
    done.wait_for()
    intake_id = site.locator("[data-intake-id]").get_attribute("data-intake-id")
    shown = site.locator("[data-intake-id]").inner_text()
    assert len(shown) <= 12 and shown.lower().replace("-", "") in intake_id.replace("-", ""), shown


# Is the centre of the focused control's part in the viewport the control itself, or is something
# pinned on top of it? (WCAG 2.4.11 asks that it is not entirely hidden.)
OBSCURED = """
() => {
  const c = document.activeElement;
  const r = c.getBoundingClientRect();
  const top = Math.max(r.top, 0), bottom = Math.min(r.bottom, innerHeight);
  if (bottom <= top) return true;
  const hit = document.elementFromPoint(r.left + r.width / 2, (top + bottom) / 2);
  return !(hit && (hit === c || c.contains(hit) || (c.labels && [...c.labels].some(l => l.contains(hit)))));
}
"""


@pytest.mark.parametrize("width", (390, 1280))
def test_no_focus_stop_is_hidden_under_a_pinned_panel_tabbing_either_way(local_stack, site, width):
    open_intake(local_stack, site, width)
    panel = site.locator(".intake__progress").bounding_box()
    if width == 390:
        assert panel["height"] <= 60, f"the progress panel takes {panel['height']} px of a phone screen"
    site.get_by_label("Your name").focus()
    hidden = []
    for key in ["Tab"] * 45 + ["Shift+Tab"] * 45:
        site.keyboard.press(key)
        if site.evaluate("!!document.activeElement.closest('#intake-app form')") and site.evaluate(OBSCURED):
            hidden.append(
                (key, site.evaluate("document.activeElement.id || document.activeElement.textContent"))
            )
    assert hidden == [], hidden
