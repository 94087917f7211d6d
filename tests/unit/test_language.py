"""The request's language and the address of a page in a language (portal.language)."""

import pytest

from portal import language


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, "en"),
        ("", "en"),
        ("es", "es"),
        ("es-MX,es;q=0.9,en;q=0.8", "es"),
        ("fr-FR,fr;q=0.9,es;q=0.5,en;q=0.4", "es"),
        ("en;q=0.2,es;q=0.9", "es"),
        ("es;q=0", "en"),
        ("de,fr", "en"),
        ("es;q=nonsense,en", "en"),
    ],
)
def test_the_most_preferred_offered_language_wins(header, expected):
    assert language.negotiate(header) == expected


def test_a_request_reads_its_lower_cased_header():
    assert language.of_request({"accept-language": "es"}) == "es"
    assert language.of_request({}) == "en"


def test_pages_of_the_default_language_are_at_the_root():
    assert language.page_path("/account/", "en") == "/account/"
    assert language.page_path("account/sign-in/", "es") == "/es/account/sign-in/"
    assert language.page_path("/account/", "fr") == "/account/"


def test_a_text_falls_back_to_the_default_language():
    assert language.pick({"en": "Hello", "es": "Hola"}, "es") == "Hola"
    assert language.pick({"en": "Hello"}, "es") == "Hello"
    assert language.known(None) == "en"
