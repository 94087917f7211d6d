"""The site as a visitor's browser gets it: bytes transferred for the home, pricing and portal pages in
headless Chromium (Debian's), beside the HTML alone, and Lighthouse's scores on mobile settings."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from bench.report import Row, size

# The portal's pages as a visitor first meets them: signed out (their signed-in states are checked
# by tests/e2e/test_portal_accessibility.py).
PAGES = (
    ("home", "/"),
    ("pricing", "/pricing/"),
    ("sign-in", "/account/sign-in/"),
    ("account", "/account/"),
    ("practice", "/practice/"),
    ("billing link", "/billing/open/"),
)
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROME_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LIGHTHOUSE = Path(__file__).resolve().parent / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = (
    ("performance", "performance"),
    ("accessibility", "accessibility"),
    ("best-practices", "best practices"),
    ("seo", "SEO"),
)


def page_weights(base_url: str) -> list[dict]:
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[*CHROME_FLAGS, "--disable-quic"])
        try:
            for name, path in PAGES:
                context = browser.new_context()  # empty cache: a first visit
                page = context.new_page()
                responses = []

                # A function of our own: Playwright marks the handler it is given, which a bound
                # builtin (responses.append) cannot carry.
                def keep(response, into=responses):
                    into.append(response)

                page.on("response", keep)
                page.goto(base_url + path, wait_until="networkidle")
                page.wait_for_timeout(300)  # late requests (search index, sitemap for instant loading)
                items = []
                for response in responses:
                    body = response.body() if response.status < 300 else b""
                    sizes = response.request.sizes()  # responseBodySize: as sent (encoded)
                    items.append(
                        {
                            "url": response.url.removeprefix(base_url),
                            "body": len(body),
                            "transferred": sizes["responseBodySize"] + sizes["responseHeadersSize"],
                        }
                    )
                context.close()
                document = next(i for i in items if i["url"] == path)
                results.append({"name": name, "path": path, "items": items, "html": document})
        finally:
            browser.close()
    return results


def lighthouse(url: str, runs: int = 1) -> dict:
    """The run with the median performance score of `runs` (Lighthouse's advice for variance)."""
    results = sorted(
        (_lighthouse_once(url) for _ in range(max(1, runs))), key=lambda r: r["scores"]["performance"]
    )
    return results[len(results) // 2]


def lighthouse_report(url: str, *options: str) -> dict:
    """One Lighthouse run of `url` in headless Chromium (mobile, its defaults): its JSON report."""
    if not LIGHTHOUSE.exists():
        raise FileNotFoundError("Lighthouse is not installed: run `make bench` (npm ci in bench/)")
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--output=json",
                f"--output-path={report}",
                "--quiet",
                *options,
                "--chrome-flags=--headless=new " + " ".join(CHROME_FLAGS),
            ],
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            check=True,
            timeout=180,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        return json.loads(report.read_text())


def _lighthouse_once(url: str) -> dict:
    data = lighthouse_report(url)
    scores = {key: round((data["categories"][key]["score"] or 0) * 100) for key, _ in CATEGORIES}
    losing = []
    for key, _ in CATEGORIES:
        for ref in data["categories"][key]["auditRefs"]:
            audit = data["audits"].get(ref["id"], {})
            if ref.get("weight") and audit.get("score") is not None and audit["score"] < 0.9:
                losing.append(ref["id"])
    return {
        "scores": scores,
        "losing": losing,
        "benchmark_index": data.get("environment", {}).get("benchmarkIndex"),
    }


def measure(base_url: str, run_lighthouse: bool = True, lighthouse_runs: int = 3) -> list[Row]:
    rows = []
    for found in page_weights(base_url):
        items = found["items"]
        transferred = sum(i["transferred"] for i in items)
        biggest = sorted(items, key=lambda i: -i["transferred"])[:3]
        rows.append(
            Row(
                "Site",
                f"{found['name']} page `{found['path']}`: bytes transferred, first visit",
                f"{size(transferred)} in {len(items)} requests ({size(sum(i['body'] for i in items))} "
                "uncompressed)",
                f"HTML only: {size(found['html']['transferred'])} ({size(found['html']['body'])} "
                "uncompressed)",
                "largest: " + ", ".join(f"{i['url']} {size(i['transferred'])}" for i in biggest),
            )
        )
    if run_lighthouse:
        for name, path in PAGES:
            result = lighthouse(base_url + path, lighthouse_runs)
            index = result["benchmark_index"]
            notes = [
                f"median of {lighthouse_runs} by performance; machine's benchmarkIndex {index:.0f}"
                if index
                else f"median of {lighthouse_runs} by performance"
            ]
            if result["losing"]:
                notes.append("below 90: " + ", ".join(result["losing"]))
            rows.append(
                Row(
                    "Site",
                    f"{name} page `{path}`: Lighthouse, mobile",
                    " / ".join(f"{result['scores'][key]}" for key, _ in CATEGORIES)
                    + " ("
                    + ", ".join(label for _, label in CATEGORIES)
                    + ")",
                    "100 each",
                    "; ".join(notes),
                )
            )
    return rows
