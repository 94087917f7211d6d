"""The signed-in pages as built: sign-in, the client's account and the practice view exist, load the
shared helpers before their own script, carry no inline script or style (the Content-Security-Policy
forbids them), label every control, keep their headings in order and stay out of the menu (all but
the account page, the menu's "Sign in") and, for the practice view, out of search."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from infra import csp

PAGES = {
    "account/sign-in/index.html": "sign-in.js",
    "account/index.html": "account.js",
    "practice/index.html": "practice.js",
}
PAGES |= {f"es/{path}": script for path, script in PAGES.items()}  # the Spanish twins, checked the same
# The signed-in pages' scripts: the shared helpers (no document$ of their own) and the page scripts.
HELPERS = [
    "dom.js",
    "format.js",
    "portal.js",
    "portal-answers.js",
    "account-hours.js",
    "account-history.js",
    "practice-common.js",
    "practice-clients.js",
    "practice-client-hours.js",
    "practice-calls.js",
    "practice-intakes.js",
    "practice-time.js",
]
SCRIPTS = [*HELPERS, "sign-in.js", "account.js", "practice.js"]
CONTROLS = ("input", "select", "textarea")


class Page(HTMLParser):
    """What these tests look at in one built page; `article` is Material's content column."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []  # src of every <script src>, in order
        self.stylesheets: list[str] = []
        self.inline_scripts = 0  # <script> without src inside the article
        self.styles_in_article: list[str] = []
        self.controls: list[dict] = []  # inputs, selects and textareas inside the article
        self.labels: dict[str, str] = {}  # for= -> label text
        self.headings: list[int] = []  # levels inside the article, in order
        self.nav_links: list[tuple[str, str]] = []  # (href, text) of Material's tabs
        self._depth = 0  # > 0 while inside <article>
        self._label_for: str | None = None
        self._label_text: list[str] = []
        self._tab_href: str | None = None
        self._tab_text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "article":
            self._depth += 1
        inside = self._depth > 0
        if tag == "script":
            if a.get("src"):
                self.scripts.append(a["src"])
            elif inside:
                self.inline_scripts += 1
        if tag == "link" and a.get("rel") == "stylesheet":
            self.stylesheets.append(a.get("href", ""))
        if inside and (tag == "style" or "style" in a):
            self.styles_in_article.append(tag)
        if inside and tag in CONTROLS and a.get("type") != "hidden":
            self.controls.append({"tag": tag, **a})
        if tag == "label" and a.get("for"):
            self._label_for, self._label_text = a["for"], []
        if inside and re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "a" and "md-tabs__link" in (a.get("class") or ""):
            self._tab_href, self._tab_text = a.get("href"), []

    def handle_endtag(self, tag):
        if tag == "article":
            self._depth -= 1
        if tag == "label" and self._label_for:
            self.labels[self._label_for] = " ".join("".join(self._label_text).split())
            self._label_for = None
        if tag == "a" and self._tab_href is not None:
            self.nav_links.append((self._tab_href, " ".join("".join(self._tab_text).split())))
            self._tab_href = None

    def handle_data(self, data):
        if self._label_for:
            self._label_text.append(data)
        if self._tab_href is not None:
            self._tab_text.append(data)


@pytest.fixture(scope="module")
def pages(built_site):
    return {path: Page((built_site / path).read_text(encoding="utf-8")) for path in PAGES}


@pytest.mark.parametrize("path", PAGES)
def test_the_page_is_built_and_loads_the_helpers_before_its_script(pages, built_site, path):
    assert (built_site / path).is_file()
    names = [src.rsplit("/", 1)[-1] for src in pages[path].scripts]
    assert "portal.js" in names and PAGES[path] in names, names
    assert names.index("portal.js") < names.index(PAGES[path])
    assert any(href.endswith("assets/portal.css") for href in pages[path].stylesheets)


@pytest.mark.parametrize("path", PAGES)
def test_no_inline_script_or_style_and_every_inline_script_is_allowed_by_the_policy(pages, built_site, path):
    page = pages[path]
    assert page.inline_scripts == 0
    assert page.styles_in_article == []
    allowed = set(csp.directives(csp.policy()).get("script-src", []))
    for source, where in csp.inline_script_hashes(built_site).items():
        if path in where:
            assert source in allowed, f"{path}: Material's inline script {source} is not in the policy"


@pytest.mark.parametrize("path", PAGES)
def test_every_control_has_a_visible_label(pages, path):
    """The static forms; the scripts build the rest with VaPortal.field(), which labels them too."""
    page = pages[path]
    if (
        path.removeprefix("es/") != "account/index.html"
    ):  # the account page's forms depend on the account: all built by script
        assert page.controls, "the page's static forms are gone"
    for control in page.controls:
        assert control.get("id"), control
        assert page.labels.get(control["id"]), f"{path}: no <label for> with text for {control}"


@pytest.mark.parametrize("path", PAGES)
def test_headings_start_at_one_and_skip_no_level(pages, path):
    levels = pages[path].headings
    assert levels[0] == 1 and levels.count(1) == 1, levels
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, levels


def test_the_practice_view_offers_every_section_and_the_sign_in_page_both_forms(pages):
    practice = pages["practice/index.html"]
    for label in (
        "Status",
        "Name, company or email",
        "Client",
        "Date",
        "Duration",
        "Service",
        "Description",
        "None",
        "Exported from",
        "CSV file",
    ):
        assert label in practice.labels.values(), label
    assert practice.headings[1:] == [2] * 6
    sign_in = pages["account/sign-in/index.html"]
    assert list(sign_in.labels.values()).count("Email") == 1
    assert {c["id"] for c in sign_in.controls} == {"sign-in-email"}


def test_sign_in_is_in_the_menu_and_the_private_pages_are_not(built_site):
    home = Page((built_site / "index.html").read_text(encoding="utf-8"))
    assert ("account/", "Sign in") in home.nav_links
    hrefs = [href for href, _ in home.nav_links]
    assert not any(h.startswith(("practice", "account/sign-in")) for h in hrefs), hrefs


def test_the_practice_view_is_left_out_of_search(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert "account/" in locations
    assert not any(location.startswith("practice/") for location in locations)


@pytest.mark.parametrize("name", SCRIPTS)
def test_scripts_build_the_dom_from_text_and_start_from_document_subscribe(built_site, name):
    source = (built_site / "assets" / name).read_text(encoding="utf-8")
    for sink in (
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
        ".style.",
        'setAttribute("style"',
    ):
        assert sink not in source, f"{name} uses {sink}"
    assert "http://" not in source and "https://" not in source.replace("https://billing.stripe.com", ""), (
        f"{name} reaches outside the site's origin"
    )
    if name not in HELPERS:
        assert "document$.subscribe(" in source


def test_the_scripts_call_only_the_contracts_api_paths(built_site):
    """A typo in a path would be a silent 404 in the browser: every /api/ path the scripts name is one
    the portal contract, the booking API or the catalog answers."""
    known = re.compile(
        r"^/api/(me(/(account|hours|extra-hours|billing-portal|export))?|auth/(link|session|sign-out"
        r"|sign-out-everywhere)|practice/(clients|bookings|intakes|audit|time-entries)(/|\?|$).*"
        r"|catalog|availability|openapi\.json)"
    )
    found = set()
    for name in SCRIPTS:
        source = (built_site / "assets" / name).read_text(encoding="utf-8")
        found |= set(re.findall(r"""["'](/api/[^"'\s]*)""", source))
    assert found
    for path in found:
        assert known.match(path), path
