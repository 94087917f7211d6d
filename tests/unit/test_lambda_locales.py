"""Which of Babel's locale data a package ships (functions/lambda_build/locales.py)."""

from pathlib import Path

from lambda_build import locales
from portal import catalog, formats

FUNCTIONS = Path(__file__).resolve().parents[2] / "functions"


def test_the_brands_languages_and_their_locales_parents_and_root_are_wanted():
    assert locales.brand_languages(FUNCTIONS) == list(catalog.brand().languages)
    assert locales.format_locales(FUNCTIONS) == formats.LOCALES
    assert locales.wanted(FUNCTIONS) == formats.locales(catalog.brand().languages)


def test_a_block_list_of_languages_is_read_too(tmp_path):
    config = tmp_path / "portal" / "config"
    config.mkdir(parents=True)
    (config / "brand.yaml").write_text("practice_name: X\nlanguages:\n  - es\n  - fr\ncurrency: usd\n")
    assert locales.brand_languages(tmp_path) == ["es", "fr"]


def test_only_other_locales_data_is_left_out():
    keep = frozenset({"root", "en", "es", "es_419"})
    assert locales.shipped("babel/locale-data/es_419.dat", keep)
    assert not locales.shipped("babel/locale-data/fr.dat", keep)
    assert not locales.shipped("babel/locale-data/es_ES.dat", keep)
    assert locales.shipped("babel/global.dat", keep) and locales.shipped("babel/numbers.py", keep)
