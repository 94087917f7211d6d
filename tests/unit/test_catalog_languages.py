"""The catalog and the brand in every language brand.yaml offers: texts written as {en: ..., es: ...}
(portal.catalog_texts), the contract's sentences in each language (portal.catalog_terms), and a
missing translation refused by portal.catalog and by the site build, naming its key."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest
import yaml
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from portal import catalog, catalog_terms, catalog_texts
from portal.catalog_document import catalog_document

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def config_dir(tmp_path, monkeypatch):
    """A copy of functions/portal/config that a test may edit, read instead of the real one."""
    copy = tmp_path / "config"
    shutil.copytree(catalog.CONFIG_DIR, copy)
    monkeypatch.setattr(catalog, "CONFIG_DIR", copy)
    catalog.reload()
    yield copy
    monkeypatch.undo()
    catalog.reload()


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_the_default_language_is_what_existing_callers_get():
    assert catalog.catalog() == catalog.catalog(catalog.brand().default_language)
    assert catalog.brand().tagline == catalog.brand("en").tagline
    assert catalog.catalog().tier("professional-20").name == "Professional"


def test_every_text_a_client_reads_is_in_spanish():
    spanish, english = catalog.catalog("es"), catalog.catalog("en")
    assert spanish.tier("professional-20").name == "Profesional"
    for ours, theirs in zip(spanish.services + spanish.tiers, english.services + english.tiers, strict=True):
        assert ours.id == theirs.id and ours.name and ours.summary != theirs.summary
    assert catalog.brand("es").tagline != catalog.brand("en").tagline
    # numbers and ids are the same in every language: only the words change
    assert spanish.model_dump(exclude={"services", "tiers"}) == english.model_dump(
        exclude={"services", "tiers"}
    )
    assert [t.price for t in spanish.tiers] == [t.price for t in english.tiers]


def test_a_language_brand_yaml_does_not_offer_is_refused():
    with pytest.raises(ValueError, match="'fr' is not one of brand.yaml's languages"):
        catalog.catalog("fr")


def test_a_missing_catalog_translation_fails_with_its_key(config_dir):
    _edit(config_dir / "catalog.yaml", lambda data: data["tiers"][1]["summary"].pop("es"))
    with pytest.raises(
        catalog_texts.MissingTranslation, match=r'catalog.yaml: tiers\[1\].summary has no "es" text'
    ):
        catalog.catalog()


def test_a_missing_brand_translation_fails_with_its_key(config_dir):
    _edit(config_dir / "brand.yaml", lambda data: data["tagline"].update(es="  "))
    with pytest.raises(catalog_texts.MissingTranslation, match='brand.yaml: tagline has no "es" text'):
        catalog.brand()


def test_a_plain_string_is_the_same_in_every_language(config_dir):
    _edit(config_dir / "catalog.yaml", lambda data: data["tiers"][0].update(name="Essentials"))
    assert catalog.catalog("es").tiers[0].name == catalog.catalog("en").tiers[0].name == "Essentials"


def test_a_new_language_needs_every_text(config_dir):
    def add_french(data):
        data["languages"].append("fr")
        data["tagline"]["fr"] = "Assistance de direction à distance."

    _edit(config_dir / "brand.yaml", add_french)
    assert catalog.brand("fr").tagline == "Assistance de direction à distance."
    with pytest.raises(catalog_texts.MissingTranslation) as raised:
        catalog.catalog()
    assert 'catalog.yaml: services[0].name has no "fr" text' in str(raised.value)


def test_the_shipped_terms_in_spanish():
    spanish = catalog.catalog("es")
    tier = spanish.tier("essentials-10")
    assert catalog_terms.terms_sentences(tier, spanish, "es") == {
        "increment": "Se factura en bloques de 15 minutos, redondeando hacia arriba.",
        "rollover": "Primero se usan las horas del mes; hasta 2 horas sin usar se conservan durante 30 días.",
        "alerts": "Recibes un aviso al llegar al 80% y al 100% de tus horas.",
        "extra-hours": (
            "Horas extra solo con tu aprobación (hasta 10 al mes), a USD42 la hora en la siguiente factura."
        ),
        "surcharges": "Trabajo urgente (con menos de 24 horas de aviso) +25%; noches y fines de semana +50%.",
    }
    assert catalog_terms.hourly_sentences(language="es")["prepaid"] == (
        "Bloques prepagados de 5, 10 o 15 horas a USD45 la hora, válidos por 90 días."
    )
    assert tier.rollover_text("es") == catalog_terms.terms_sentences(tier, spanish, "es")["rollover"]
    assert catalog_document("es")["tiers"][0]["rollover_text"] == tier.rollover_text("es")


@pytest.mark.parametrize(
    "sizes, sentence",
    [
        ([1], "Un bloque prepagado de 1 hora a USD45 la hora, válido por 90 días."),
        ([5, 8], "Bloques prepagados de 5 u 8 horas a USD45 la hora, válidos por 90 días."),
    ],
)
def test_spanish_grammar_follows_the_numbers(sizes, sentence):
    data = catalog.catalog("es").model_dump()
    data["hourly"]["prepaid_blocks"]["hours"] = sizes
    assert catalog_terms.hourly_sentences(catalog.Catalog.model_validate(data), "es")["prepaid"] == sentence
    data["tiers"][0]["rollover"] = {"max_hours": 1, "valid_days": 1}
    tier = catalog.Catalog.model_validate(data).tiers[0]
    assert (
        tier.rollover_text("es")
        == "Primero se usan las horas del mes; hasta 1 hora sin usar se conserva durante 1 día."
    )


def _hook(name: str):
    spec = importlib.util.spec_from_file_location(f"site_{name}_hook", ROOT / "site" / "hooks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_site_build_fails_on_a_missing_translation_naming_it(config_dir):
    _edit(config_dir / "catalog.yaml", lambda data: data["services"][2]["name"].pop("es"))
    config = load_config(str(ROOT / "site" / "mkdocs.yml"))
    with pytest.raises(PluginError, match=r'catalog.yaml: services\[2\].name has no "es" text'):
        _hook("catalog").on_config(config)


def test_the_site_builds_the_languages_brand_yaml_offers(config_dir):
    hook = _hook("languages")
    _edit(config_dir / "brand.yaml", lambda data: data.update(default_language="es"))
    config = load_config(str(ROOT / "site" / "mkdocs.yml"))
    hook.on_config(config)
    i18n = config.plugins["i18n"]
    assert i18n.default_language == "es" and i18n.build_languages == ["en", "es"]
    assert [entry.link for entry in i18n.config.languages] == ["/en/", "/"]

    _edit(config_dir / "brand.yaml", lambda data: data.update(languages=["es"], default_language="es"))
    catalog.reload()
    hook.on_config(config)
    assert config.plugins["i18n"].build_languages == ["es"]

    def offer_portuguese(data):
        data.update(languages=["en", "pt"], default_language="en")
        data["tagline"]["pt"] = "Assistência executiva remota."

    _edit(config_dir / "brand.yaml", offer_portuguese)
    catalog.reload()
    with pytest.raises(PluginError, match=r"brand.yaml offers \['pt'\], which site/mkdocs.yml's i18n plugin"):
        hook.on_config(load_config(str(ROOT / "site" / "mkdocs.yml")))


def test_a_missing_word_of_the_pricing_blocks_fails_the_build_naming_it(monkeypatch):
    _hook("catalog")  # puts site/hooks on the path
    import catalog_blocks

    words = yaml.safe_load(catalog_blocks.WORDS_FILE.read_text(encoding="utf-8"))
    del words["es"]["per_month"], words["es"]["labels"]["rollover"]
    monkeypatch.setattr(catalog_blocks, "_all_words", lambda: words)
    with pytest.raises(PluginError, match=r"catalog_words.yaml: es has no per_month, labels.rollover"):
        catalog_blocks.words("es")
    assert catalog_blocks.words("en")["per_month"] == "per month"


def test_a_default_language_that_is_not_offered_is_refused(config_dir):
    _edit(config_dir / "brand.yaml", lambda data: data.update(default_language="fr"))
    with pytest.raises(
        ValueError, match=r"brand.yaml: default_language 'fr' is not among languages \['en', 'es'\]"
    ):
        catalog.brand()
