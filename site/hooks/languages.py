"""MkDocs hook: the site's languages are brand.yaml's, built by the mkdocs-static-i18n plugin.

brand.yaml's `languages` says which languages the site is built in and `default_language` which one
is at the root (the others under /<code>/). mkdocs.yml's i18n entries say how each language is named
in the switcher and how its menu reads; this hook keeps the entries brand.yaml offers, marks its
default, and fails the build when brand.yaml offers a language mkdocs.yml has no entry for.

It runs before the plugin's own on_config (the plugin's is last, priority -100), and again for each
language the plugin builds, so what it does must not depend on having run before.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

FUNCTIONS_DIR = Path(__file__).resolve().parents[2] / "functions"
if str(FUNCTIONS_DIR) not in sys.path:
    sys.path.insert(0, str(FUNCTIONS_DIR))

from portal import catalog as source  # noqa: E402  (needs the path above)

PLUGIN = "i18n"


#: What Material's language selector finds beside each translation's address (see on_post_page).
EMPTY_SITEMAP = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n'
)


def plugin(config):
    found = config.plugins.get(PLUGIN)
    if found is None:
        raise PluginError(f"site/mkdocs.yml: the {PLUGIN} plugin (mkdocs-static-i18n) is not configured")
    return found


def current_language(config) -> str:
    """The language being built now (the plugin builds the default first, then each other one)."""
    i18n = plugin(config)
    return i18n.current_language or i18n.default_language


def on_config(config, **kwargs):
    try:
        brand = source.brand()
    except ValueError as error:  # a missing translation or a bad value: say which, without a traceback
        raise PluginError(str(error)) from error
    i18n = plugin(config)
    entries = {entry.locale: entry for entry in i18n.config.languages}
    unknown = [code for code in brand.languages if code not in entries]
    if unknown:
        raise PluginError(
            f"brand.yaml offers {unknown}, which site/mkdocs.yml's i18n plugin has no entry for:"
            f" add one under plugins.i18n.languages (locale, its name, nav_translations)"
        )
    chosen = [entries[code] for code in brand.languages]
    for entry in chosen:
        entry.default = entry.locale == brand.default_language
        entry.build = True
        entry.link = "/" if entry.default else f"/{entry.locale}/"
    i18n.config.languages = chosen
    return config


def on_post_page(output, page, config, **kwargs):
    """Material's script asks for `sitemap.xml` beside the address of each hreflang link of a page
    (setupAlternate: the way across for sites whose languages are separate builds), and treats a
    missing one as an empty one. Here every translation is its own page, so an empty sitemap is the
    right answer; a 404 would say the same but log an error in every visitor's console. The site's
    real sitemap, with every page and its translations, is the root's /sitemap.xml."""
    folder = Path(config.site_dir) / Path(page.file.dest_uri).parent
    i18n = plugin(config)
    is_root = folder == Path(config.site_dir) and i18n.current_language in (None, i18n.default_language)
    if not is_root:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "sitemap.xml").write_text(EMPTY_SITEMAP, encoding="utf-8")
    return output
