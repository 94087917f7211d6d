"""Accessibility fixes to the theme's markup that no setting reaches.

Material's search dialog (`<div class="md-search" role="dialog">`) has no accessible name, which
Lighthouse and axe report (aria-dialog-name); name it after the theme's own search label, in the
page's language (the aria-label Material gives the search field: "Search", "Búsqueda").
"""

from __future__ import annotations

import re

_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
_SEARCH_LABEL = re.compile(r'<input type="text" class="md-search__input" name="query" aria-label="([^"]+)"')


def on_post_page(output: str, page, config) -> str:
    found = _SEARCH_LABEL.search(output)
    label = found.group(1) if found else "Search"  # already escaped: copied from the same page
    return output.replace(_SEARCH_DIALOG, _SEARCH_DIALOG[:-1] + f' aria-label="{label}">')


def on_post_template(output_content: str, template_name: str, config) -> str:
    return on_post_page(output_content, None, config)  # 404.html is rendered as a template
