"""MkDocs hook: the site's languages are brand.yaml's, built by the mkdocs-static-i18n plugin.

brand.yaml's `languages` says which languages the site is built in and `default_language` which one
is at the root (the others under /<code>/). mkdocs.yml's i18n entries say how each language is named
in the switcher and how its menu reads; this hook keeps the entries brand.yaml offers, marks its
default, and fails the build when brand.yaml offers a language mkdocs.yml has no entry for.

It runs before the plugin's own on_config (the plugin's is last, priority -100), and again for each
language the plugin builds, so what it does must not depend on having run before.

Search in each language: the plugin gathers every language's pages into the root's search index.
Once it has (on_post_build, after the plugin's), the index is split: the root keeps the default
language's pages, /<code>/search/search_index.json gets that language's (with its stemmer only),
and a page of that language tells Material's search to look there (its `base`, on_post_page).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

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


#: Material's page configuration and its search's root: `<script id="__config" ...>{... "base": "../..", ...`.
_BASE = re.compile(r'(<script id="__config" type="application/json">\{[^<]*?"base": )"([^"]*)"')


def _language_root(output: str, page, code: str) -> str:
    """The page's Material `base` set to its language's root (/es/), where its search index is."""
    root = get_relative_url(f"{code}/", page.url) if page.url else "."
    changed, count = _BASE.subn(lambda match: f'{match.group(1)}"{root}"', output, count=1)
    if count != 1:
        raise PluginError(f"{page.file.src_uri}: Material's page configuration (__config) was not found")
    return changed


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
    if i18n.current_language not in (None, i18n.default_language):
        output = _language_root(output, page, i18n.current_language)
    return output


@event_priority(-110)  # after the i18n plugin's on_post_build (-100), which writes the whole index
def on_post_build(config, **kwargs):
    i18n = plugin(config)
    if i18n.building:  # a language the plugin builds inside the default one's build: not done yet
        return
    root = Path(config.site_dir)
    index_file = root / "search" / "search_index.json"
    if not index_file.exists():
        return
    index = json.loads(index_file.read_text(encoding="utf-8"))
    others = [code for code in i18n.build_languages if code != i18n.default_language]
    for code in others:
        prefix = f"{code}/"
        docs = [
            {**doc, "location": doc["location"][len(prefix) :]}
            for doc in index["docs"]
            if doc["location"].startswith(prefix)
        ]
        target = root / code / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps({**index, "config": {**index["config"], "lang": [code]}, "docs": docs}))
    own = [doc for doc in index["docs"] if not doc["location"].startswith(tuple(f"{c}/" for c in others))]
    config_of_own = {**index["config"], "lang": [i18n.default_language]}
    index_file.write_text(json.dumps({**index, "config": config_of_own, "docs": own}))


@event_priority(-50)  # after the other hooks' changes to the page (hooks/accessibility.py)
def on_post_template(output_content: str, template_name: str, config, **kwargs):
    """Each language's build renders the theme's 404.html to the site's root, the last one winning:
    the root's stays the default language's (the page every missing address is answered with), and
    another language's goes to /<code>/404.html."""
    i18n = plugin(config)
    if template_name != "404.html" or i18n.current_language in (None, i18n.default_language):
        return output_content
    root = Path(config.site_dir)
    (root / i18n.current_language).mkdir(parents=True, exist_ok=True)
    (root / i18n.current_language / "404.html").write_text(output_content, encoding="utf-8")
    default = root / "404.html"
    return default.read_text(encoding="utf-8") if default.exists() else output_content
