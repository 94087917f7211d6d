"""What makes a Spanish rendering Spanish: shared by the language tests."""

ENGLISH_WORDS = ("Hello", "Thank you", " your ", "Please", " the ", "sign in")


def assert_spanish(spanish: str, english: str, *expected: str) -> None:
    """`spanish` differs from `english`, holds the `expected` Spanish words and none of the English
    words that would show a fallback."""
    assert spanish != english
    for word in expected:
        assert word in spanish, (word, spanish)
    for word in ENGLISH_WORDS:
        assert word not in spanish, (word, spanish)
