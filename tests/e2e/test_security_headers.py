"""Every page works under the Content-Security-Policy CloudFront sends in production.

The local front door sends the same security headers as the template's SiteSecurityHeaders (less
HSTS, over plain http), so every browser test runs under the production policy; this one visits
every built page and fails on any violation.
"""

import pytest

from infra import csp

pytestmark = pytest.mark.e2e


def every_page(site_dir) -> list[str]:
    pages = ["/" + str(p.parent.relative_to(site_dir)) + "/" for p in sorted(site_dir.rglob("index.html"))]
    return [p.replace("/./", "/") for p in pages] + ["/no-such-page/"]


@pytest.fixture
def watched(site):
    site.add_init_script("""
        window.__violations = [];
        document.addEventListener('securitypolicyviolation', e =>
            window.__violations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' '
                + e.sourceFile + ':' + e.lineNumber));
    """)
    refused = []
    site.on(
        "console",
        lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None,
    )
    yield site, refused


def test_local_stack_sends_the_production_security_headers(local_stack):
    expected = dict(csp.security_headers(local=True))
    for path in ("/", "/api/health"):
        headers = {k.lower(): v for k, v in local_stack.get(path).headers.items()}
        assert {k: headers.get(k) for k in expected} == expected, path


def test_every_page_runs_under_the_production_policy(local_stack, built_site, watched):
    page, refused = watched
    pages = every_page(built_site)
    assert "/pricing/" in pages and "/guide/console/" in pages
    for path in pages:
        page.goto(local_stack.url + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("typeof window.__md_get") == "function", (
            f"Material's inline bootstrap was blocked on {path}"
        )
        assert page.evaluate("window.__violations") == [], path
    assert refused == []


def test_search_and_navigation_work_under_the_policy(local_stack, watched):
    page, refused = watched
    page.goto(local_stack.url + "/")
    page.keyboard.press("/")  # Material's search shortcut: starts the search worker
    page.locator("input.md-search__input").press_sequentially("pricing", delay=20)
    page.locator(".md-search-result__item").first.wait_for()
    page.goto(local_stack.url + "/")
    page.locator("a.md-tabs__link", has_text="Pricing").click()
    page.wait_for_url("**/pricing/")
    assert page.evaluate("window.__violations") == []
    assert refused == []
