"""bench/pages.py without Lighthouse: which pages it measures, when a page meets the floors, and
that a page below one is measured again and its median run kept."""

from __future__ import annotations

import pytest

from bench import pages


def result(performance=97, cls=0.0, accessibility=100):
    return {
        "performance": performance,
        "cls": cls,
        "accessibility": accessibility,
        "lcp_ms": 1500.0,
        "tbt_ms": 50.0,
        "losing": [],
    }


@pytest.mark.parametrize(
    "measured, ok",
    [
        (result(), True),
        (result(performance=94), False),
        (result(cls=0.1), False),
        (result(accessibility=98), False),
    ],
)
def test_a_page_meets_the_floors_only_with_all_three(measured, ok):
    assert pages.meets(measured) is ok


def test_a_page_below_a_floor_runs_again_and_keeps_the_median(monkeypatch):
    runs = iter(
        [result(performance=80), result(performance=96), result(performance=90)]
    )  # not the best of them
    monkeypatch.setattr(pages, "lighthouse", lambda url: next(runs))
    kept, made = pages.measure_page("http://x/", runs=3)
    assert made == 3 and kept["performance"] == 90


def test_a_page_that_meets_the_floors_runs_once(monkeypatch):
    calls = []
    monkeypatch.setattr(pages, "lighthouse", lambda url: calls.append(url) or result())
    assert pages.measure_page("http://x/", runs=3)[1] == 1 and len(calls) == 1


def test_every_built_page_is_measured(tmp_path):
    for folder in ("", "pricing", "guide/console"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / folder / "index.html").write_text("<html></html>")
    (tmp_path / "404.html").write_text("<html></html>")
    assert sorted(pages.every_page(tmp_path)) == ["/", "/guide/console/", "/pricing/"]


def test_the_booking_page_is_measured_in_both_languages_and_alone_when_asked(tmp_path):
    for folder in ("", "book", "es/book", "pricing"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / folder / "index.html").write_text("<html></html>")
    built = pages.every_page(tmp_path)
    assert {"/book/", "/es/book/"} <= set(built)
    assert pages.chosen(built, "/book/, /es/book/") == ["/book/", "/es/book/"]
    assert pages.chosen(built, None) == built
    with pytest.raises(SystemExit, match="/fr/book/"):
        pages.chosen(built, "/book/,/fr/book/")
