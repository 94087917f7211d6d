"""The languages the practice speaks (brand.yaml): which one a request asked for, which page address
belongs to a language, and picking a text in one.

The browser's pages send `Accept-Language: <the page's language>` (site/docs/assets/i18n.js), so an
API answer is written in the language of the page that asked, and the language of the page a client
used is stored with what they made (booking, intake, checkout) for the emails sent to them later.
The assistant's own notices are written in the practice's default language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from portal import catalog
from portal.settings import settings

T = TypeVar("T")


def offered() -> tuple[str, ...]:
    return catalog.brand().languages


def default() -> str:
    return catalog.brand().default_language


def negotiate(accept_language: str | None) -> str:
    """The offered language the header prefers most (RFC 9110 quality values), else the default.
    "es-MX,es;q=0.9,en;q=0.8" -> "es" when Spanish is offered."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        code = tag.strip().lower().split("-")[0]
        if code and quality > 0:
            ranked.append((-quality, position, code))
    for _, _, code in sorted(ranked):
        if code in offered():
            return code
    return default()


def of_request(headers: Mapping[str, str] | None) -> str:
    """The language of a request from its headers (Powertools gives them lower-cased in an HTTP API)."""
    headers = headers or {}
    return negotiate(headers.get("accept-language") or headers.get("Accept-Language"))


def known(code: str | None) -> str:
    """A stored language, or the default for a record written before languages were stored."""
    return code if code in offered() else default()


def page_path(path: str, language: str) -> str:
    """The site path of a page in a language: the default language at the root, the others under
    /<code>/. page_path("/account/", "es") -> "/es/account/" when English is the default."""
    path = "/" + path.lstrip("/")
    return path if known(language) == default() else f"/{language}{path}"


def page_url(path: str, language: str) -> str:
    """The absolute address of a page in a language, for links in emails."""
    return f"{settings().site_origin}{page_path(path, language)}"


def pick(texts: Mapping[str, T], language: str) -> T:
    """The text in `language`, else in the default language (every text has the default's)."""
    return texts[language] if language in texts else texts[default()]
