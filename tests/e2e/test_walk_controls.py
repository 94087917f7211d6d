"""Every form control a person reaches has a visible edge and a visible focus indicator, measured
from the computed style (not by eye), at 390 px (a phone) and 1280 px (a desktop).

An edge: a border of at least 1 px on every side whose colour has at least 3:1 contrast with the
page (WCAG 1.4.11, non-text contrast). A focus indicator: once focused, an outline of at least 2 px
in a colour with 3:1 contrast with the page. Checkboxes and radios keep the browser's own drawing
(which has an edge); Material's search field in the header is the theme's own and is left to it.
"""

from __future__ import annotations

import pytest

from tests.e2e.test_security_headers import every_page

pytestmark = pytest.mark.e2e

WIDTHS = (390, 1280)

# Contrast of two CSS colours (rgb()/rgba() as computed), an edge's lowest on four sides, and the
# focused outline; for each visible control in the page's content or an open dialog.
MEASURE = """
() => {
  const rgb = text => (text.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b]
    .map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const contrast = (a, b) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const page = rgb(getComputedStyle(document.body).backgroundColor).length >= 3 &&
    rgb(getComputedStyle(document.body).backgroundColor)[3] !== 0
    ? rgb(getComputedStyle(document.body).backgroundColor) : [255, 255, 255];
  const found = [];
  const controls = document.querySelectorAll(
    '.md-content input, .md-content select, .md-content textarea, '
    + 'dialog[open] input, dialog[open] select, dialog[open] textarea');
  for (const c of controls) {
    if (['checkbox', 'radio', 'hidden'].includes(c.type)) continue;
    if (c.closest('[aria-hidden="true"]') || c.tabIndex < 0) continue;     // the honeypots
    const box = c.getBoundingClientRect();
    if (!box.width || !box.height || getComputedStyle(c).visibility === 'hidden') continue;
    const s = getComputedStyle(c);
    const sides = ['Top', 'Right', 'Bottom', 'Left'];
    const edge = Math.min(...sides.map(side =>
      s['border' + side + 'Style'] === 'none' ? 0 : parseFloat(s['border' + side + 'Width'])));
    const edgeContrast = Math.min(...sides.map(side => contrast(rgb(s['border' + side + 'Color']), page)));
    c.focus({ preventScroll: true });
    const f = getComputedStyle(c);
    const ring = f.outlineStyle === 'none' ? 0 : parseFloat(f.outlineWidth);
    const ringContrast = ring ? contrast(rgb(f.outlineColor), page) : 0;
    c.blur();
    found.push({ name: c.id || c.name || c.outerHTML.slice(0, 60), edge,
                 edgeContrast: +edgeContrast.toFixed(2), ring, ringContrast: +ringContrast.toFixed(2) });
  }
  return found;
}
"""


def faults(measured: list[dict]) -> list[dict]:
    return [
        m
        for m in measured
        if m["edge"] < 1 or m["edgeContrast"] < 3 or m["ring"] < 2 or m["ringContrast"] < 3
    ]


def open_states(page, path: str) -> None:
    """Brings out the controls a page shows only after its script or a click."""
    if path == "/intake/":
        page.locator("#intake-app form").wait_for()
    elif path == "/book/":
        page.locator(".booking-slot").first.click()
        page.locator(".booking-form").wait_for()
    elif path == "/pricing/":
        page.locator("[data-subscribe]").first.click()
        page.locator("dialog[open]").wait_for()


@pytest.mark.parametrize("width", WIDTHS)
def test_every_control_has_a_visible_edge_and_focus_ring(local_stack, built_site, site, width):
    site.set_viewport_size({"width": width, "height": 844})
    checked, wrong = 0, {}
    for path in every_page(built_site):
        site.goto(local_stack.url + path)
        site.wait_for_load_state("networkidle")
        open_states(site, path)
        measured = site.evaluate(MEASURE)
        checked += len(measured)
        if faults(measured):
            wrong[path] = faults(measured)
    assert checked >= 30, f"only {checked} controls were found: the pages did not render"
    assert wrong == {}, wrong
