"""Every page of the built site through Lighthouse on its mobile settings: performance, cumulative
layout shift and accessibility, each beside the floor the site holds itself to (performance 95 or
more, CLS under 0.1, accessibility 100).

One run a page; a page below a floor is run `runs` times in all, and the run with the median
performance kept: on a busy machine one slow run says more about the machine than about the page.
The pages are those `mkdocs build` wrote (every `index.html`), the portal's as a visitor first meets
them (signed out); their signed-in states are checked by tests/e2e (axe, no layout shift).

    .venv/bin/python -m bench --only site            # with the other site rows
    .venv/bin/python -m bench --only site --pages /book/,/es/book/   # those pages alone (both languages)
"""

from __future__ import annotations

from pathlib import Path

from bench.report import Row
from bench.site import lighthouse_report

SITE_BUILD = Path(__file__).resolve().parents[1] / "site" / "build"
PERFORMANCE_FLOOR, CLS_CEILING, ACCESSIBILITY_FLOOR = 95, 0.1, 100


def every_page(site_dir: Path = SITE_BUILD) -> list[str]:
    pages = ["/" + str(p.parent.relative_to(site_dir)) + "/" for p in sorted(site_dir.rglob("index.html"))]
    return [p.replace("/./", "/") for p in pages]


def lighthouse(url: str) -> dict:
    """One Lighthouse run (mobile, its defaults): the two categories' scores and the figures behind them."""
    data = lighthouse_report(url, "--only-categories=performance,accessibility")
    audits = data["audits"]
    losing = [
        ref["id"]
        for key in ("performance", "accessibility")
        for ref in data["categories"][key]["auditRefs"]
        if ref.get("weight")
        and (audits.get(ref["id"]) or {}).get("score") is not None
        and audits[ref["id"]]["score"] < 0.9
    ]
    return {
        "performance": round((data["categories"]["performance"]["score"] or 0) * 100),
        "accessibility": round((data["categories"]["accessibility"]["score"] or 0) * 100),
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "losing": losing,
    }


def meets(result: dict) -> bool:
    return (
        result["performance"] >= PERFORMANCE_FLOOR
        and result["cls"] < CLS_CEILING
        and result["accessibility"] >= ACCESSIBILITY_FLOOR
    )


def measure_page(url: str, runs: int) -> tuple[dict, int]:
    """One run if it meets the floors; else `runs` runs in all, and the median by performance kept
    (never the best of a few: a page below a floor shows below it unless most of its runs are not)."""
    results = [lighthouse(url)]
    if not meets(results[0]):
        results += [lighthouse(url) for _ in range(max(1, runs) - 1)]
    results.sort(key=lambda r: r["performance"])
    return results[len(results) // 2], len(results)


def chosen(paths: list[str], only: str | None) -> list[str]:
    """The built pages to measure: all, or those of `only` ("/book/,/es/book/"); a page asked for
    that was not built is an error, not a silent skip (a missing /es/book/ would pass unmeasured)."""
    if not only:
        return paths
    wanted = [p.strip() for p in only.split(",") if p.strip()]
    missing = [p for p in wanted if p not in paths]
    if missing:
        raise SystemExit(f"not built, cannot be measured: {', '.join(missing)}")
    return wanted


def measure(base_url: str, runs: int = 3, site_dir: Path = SITE_BUILD, only: str | None = None) -> list[Row]:
    rows = []
    for path in chosen(every_page(site_dir), only):
        result, made = measure_page(base_url + path, runs)
        verdict = "meets the floors" if meets(result) else "BELOW a floor"
        note = (
            f"{verdict}; LCP {result['lcp_ms'] / 1000:.1f} s, TBT {result['tbt_ms']:.0f} ms; "
            f"{made} run{'s' if made > 1 else ''}, median by performance"
        )
        if result["losing"]:
            note += "; under 90: " + ", ".join(result["losing"])
        rows.append(
            Row(
                "Site",
                f"`{path}`: Lighthouse mobile, performance / layout shift / accessibility",
                f"{result['performance']} / {result['cls']:.3f} / {result['accessibility']}",
                f"≥ {PERFORMANCE_FLOOR} / < {CLS_CEILING} / {ACCESSIBILITY_FLOOR}",
                note,
            )
        )
    return rows
