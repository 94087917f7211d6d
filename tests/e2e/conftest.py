"""Browser tests: Playwright drives Debian's Chromium (Playwright cannot download its own here)."""
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    }


@pytest.fixture
def site(local_stack, page):
    """A page on the running local stack, failing the test on any request that leaves its origin."""
    outside = []
    page.on("request", lambda request: None if request.url.startswith((local_stack.url, "data:", "blob:"))
            else outside.append(request.url))
    page.set_default_timeout(10_000)
    yield page
    assert not outside, f"requests left the origin: {outside}"
