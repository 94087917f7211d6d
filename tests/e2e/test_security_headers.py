"""Every page works under the Content-Security-Policy CloudFront sends in production.

The local stack serves no security headers (CloudFront adds them in production), so the browser
gets the template's policy added to each response here, and any violation fails the test.
"""
import pytest

from infra import csp

pytestmark = pytest.mark.e2e

PAGES = ["/", "/services/", "/pricing/", "/how-it-works/", "/faq/", "/about/", "/contact/", "/book/",
         "/intake/", "/guide/console/", "/no-such-page/"]


@pytest.fixture
def under_policy(local_stack, site):
    policy = csp.policy()

    def add_policy(route):
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": policy})

    site.route(local_stack.url + "/**", add_policy)
    site.add_init_script("""
        window.__violations = [];
        document.addEventListener('securitypolicyviolation', e =>
            window.__violations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile + ':' + e.lineNumber));
    """)
    refused = []
    site.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)
    yield site, refused


def test_every_page_runs_under_the_production_policy(local_stack, under_policy):
    page, refused = under_policy
    for path in PAGES:
        page.goto(local_stack.url + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("typeof window.__md_get") == "function", f"Material's inline bootstrap was blocked on {path}"
        assert page.evaluate("window.__violations") == [], path
    assert refused == []


def test_search_and_instant_navigation_work_under_the_policy(local_stack, under_policy):
    page, refused = under_policy
    page.goto(local_stack.url + "/")
    page.keyboard.press("/")  # Material's search shortcut: starts the search worker
    page.locator("input.md-search__input").press_sequentially("pricing", delay=20)
    page.locator(".md-search-result__item").first.wait_for()
    page.goto(local_stack.url + "/")
    page.locator("a.md-tabs__link", has_text="Pricing").click()  # instant navigation: fetch + swap
    page.wait_for_url("**/pricing/")
    assert page.evaluate("window.__violations") == []
    assert refused == []
