"""The built site's markup: every dialog has an accessible name (site/hooks/accessibility.py)."""

import re


def test_every_dialog_has_an_accessible_name(built_site):
    pages = list(built_site.rglob("*.html"))
    assert pages
    for page in pages:
        for tag in re.findall(r"<[^>]+role=\"dialog\"[^>]*>", page.read_text(encoding="utf-8")):
            assert "aria-label=" in tag or "aria-labelledby=" in tag, (page, tag)
