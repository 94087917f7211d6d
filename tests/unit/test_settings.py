import pytest

from portal import settings as settings_module


def test_missing_variables_are_named(monkeypatch):
    monkeypatch.delenv("CLIENTS_TABLE")
    settings_module.settings.cache_clear()
    try:
        with pytest.raises(settings_module.ConfigurationError, match="CLIENTS_TABLE"):
            settings_module.settings()
    finally:
        monkeypatch.undo()
        settings_module.settings.cache_clear()
    assert settings_module.settings().clients_table == "ClientsTable"
