"""Browser tests: Playwright drives Debian's Chromium (Playwright cannot download its own here)."""

import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE_DIR = Path(__file__).parent / "axe"
AXE = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture
def site(local_stack, page):
    """A page on the running local stack, failing the test on any request that leaves its origin."""
    outside = []
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((local_stack.url, "data:", "blob:"))
            else outside.append(request.url)
        ),
    )
    page.set_default_timeout(10_000)
    yield page
    assert not outside, f"requests left the origin: {outside}"


@pytest.fixture
def shopper(local_stack, page):
    """A page that may visit the stack and the local Stripe stand-in (loopback), nothing else."""
    outside = []
    page.on(
        "request",
        lambda request: (
            None
            if re.match(r"^(http://127\.0\.0\.1:\d+/|data:|blob:)", request.url)
            else outside.append(request.url)
        ),
    )
    page.set_default_timeout(15_000)
    yield page
    assert not outside, f"requests left the machine: {outside}"


def mail_to(local_stack, address: str, subject_part: str, timeout: float = 20, after: int = 0) -> dict:
    """The newest email to `address` whose subject holds `subject_part`, among the emails after the
    first `after`, waiting for it: emails leave through the outbox, after the answer."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [
            m
            for m in local_stack.get("/_dev/mail.json").json()[after:]
            if m["to"] == address and subject_part in m["subject"]
        ]
        if found:
            return found[-1]
        time.sleep(0.3)
    raise AssertionError(f"no email to {address} about {subject_part!r}")


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script, from tests/e2e/axe (its own package.json and lock; `npm ci` on first use)."""
    if not AXE.exists():
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=AXE_DIR, check=True, timeout=300
        )
    return AXE.read_text()
