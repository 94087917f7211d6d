"""Accessibility fixes to the theme's markup that no setting reaches.

Material's search dialog (`<div class="md-search" role="dialog">`) has no accessible name, which
Lighthouse and axe report (aria-dialog-name); name it after the theme's own search label.
"""

from __future__ import annotations

_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def on_post_page(output: str, page, config) -> str:
    return output.replace(_SEARCH_DIALOG, _SEARCH_DIALOG[:-1] + ' aria-label="Search">')


def on_post_template(output_content: str, template_name: str, config) -> str:
    return on_post_page(output_content, None, config)  # 404.html is rendered as a template
