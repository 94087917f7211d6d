"""Texts written in several languages in the YAML config (brand.yaml, catalog.yaml).

A translatable text is a mapping from ISO 639-1 codes to the text in that language,
`{en: Calendar and scheduling, es: Agenda y calendario}`; a plain string is the same in every
language (a proper name). A mapping must hold every language brand.yaml offers: a missing one is
refused when the file is loaded, naming the key (`tiers[1].summary has no "es" text`), so neither
the site build nor the API can show a page or an email with a hole in it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

_CODE = re.compile(r"^[a-z]{2}$")


class MissingTranslation(ValueError):
    """A translatable text lacks one of the offered languages."""


def is_translated(value: Any) -> bool:
    """A mapping whose every key is a language code: one text in several languages."""
    return (
        isinstance(value, dict)
        and bool(value)
        and all(isinstance(key, str) and _CODE.match(key) for key in value)
    )


def _walk(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    """Every translatable text in a loaded YAML document, with its path (`tiers[1].summary`)."""
    if is_translated(value):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, f"{path}[{index}]")


def missing(document: Any, languages: tuple[str, ...] | list[str]) -> list[str]:
    """`<path> has no "<code>" text` for each offered language a translatable text lacks."""
    problems = []
    for path, texts in _walk(document, ""):
        for code in languages:
            if not isinstance(texts.get(code), str) or not texts[code].strip():
                problems.append(f'{path} has no "{code}" text')
    return problems


def check(document: Any, languages: tuple[str, ...] | list[str], source: str) -> None:
    """Raises MissingTranslation naming every missing text of `source` (a file name)."""
    problems = missing(document, languages)
    if problems:
        raise MissingTranslation("; ".join(f"{source}: {problem}" for problem in problems))


def resolve(document: Any, language: str) -> Any:
    """The document with every translatable text replaced by its text in `language`."""
    if is_translated(document):
        return document[language]
    if isinstance(document, dict):
        return {key: resolve(item, language) for key, item in document.items()}
    if isinstance(document, list):
        return [resolve(item, language) for item in document]
    return document
