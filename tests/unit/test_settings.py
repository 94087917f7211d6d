"""Configuration per function: each handler module names the variables its function needs beyond
the global ones (`require(...)`), a missing one fails the import (the cold start) naming it, and
what the handlers require agrees with what template.yaml gives each function."""

from __future__ import annotations

import ast
import importlib
import runpy

import pytest

from infra.local import template as tpl
from portal import settings as settings_module
from tests.unit.stack_helpers import PORTAL, refs
from tests.unit.test_least_privilege import function_roles


@pytest.fixture
def fresh_settings():
    settings_module.settings.cache_clear()
    yield
    settings_module.settings.cache_clear()


def test_missing_variables_are_named(monkeypatch, fresh_settings):
    monkeypatch.delenv("CLIENTS_TABLE")
    with pytest.raises(settings_module.ConfigurationError, match="CLIENTS_TABLE"):
        settings_module.settings()
    monkeypatch.undo()
    settings_module.settings.cache_clear()
    assert settings_module.settings().clients_table == "ClientsTable"


def test_an_unset_table_fails_require_not_the_first_use(monkeypatch, fresh_settings):
    monkeypatch.delenv("LEDGER_TABLE")
    assert settings_module.settings().ledger_table == ""  # not set: passes as "" ...
    with pytest.raises(settings_module.ConfigurationError, match=r"LEDGER_TABLE, which are not set"):
        settings_module.require("SESSIONS_TABLE", "LEDGER_TABLE")  # ... until a function needs it
    assert settings_module.require("SESSIONS_TABLE").sessions_table == "SessionsTable"


def test_require_refuses_a_name_it_does_not_know(fresh_settings):
    with pytest.raises(settings_module.ConfigurationError, match="LEDGER_TABEL"):
        settings_module.require("LEDGER_TABEL")


def required_by(handler_module: str) -> list[str]:
    """The variables a handler module passes to require() at import."""
    source = (PORTAL.parent / handler_module.replace(".", "/")).with_suffix(".py").read_text()
    calls = [
        node
        for node in ast.parse(source).body
        if isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Call)
        and getattr(node.value.func, "id", None) == "require"
    ]
    assert len(calls) == 1, f"{handler_module} must call require(...) once at import"
    return [arg.value for arg in calls[0].value.args]


def _handlers() -> dict[str, tpl.FunctionSpec]:
    return {spec.handler.rsplit(".", 1)[0]: spec for spec in tpl.functions()}


@pytest.mark.parametrize("module", sorted(_handlers()))
def test_each_handler_fails_its_cold_start_without_what_it_requires(module, monkeypatch, fresh_settings):
    needed = required_by(module) or ["CLIENTS_TABLE"]  # the globals are checked by every handler
    # Its imports first, with every variable: a model first imported while its table's variable is
    # missing would keep an empty table name for the rest of this process's tests.
    importlib.import_module(module)
    for name in needed:
        monkeypatch.delenv(name)
        settings_module.settings.cache_clear()
        with pytest.raises(settings_module.ConfigurationError, match=name):
            runpy.run_module(module)
        monkeypatch.undo()
    settings_module.settings.cache_clear()
    runpy.run_module(module)  # with the test environment (the local stack's), it imports


def test_the_template_gives_each_function_what_its_handler_requires():
    globals_ = set(tpl.load()["Globals"]["Function"]["Environment"]["Variables"])
    roles = function_roles()
    for module, spec in _handlers().items():
        required = set(required_by(module))
        given = set(spec.environment)
        assert required <= given - globals_, f"{spec.logical_id} lacks {sorted(required - given)}"
        # Every table the function may access is one it requires (or a global one).
        tables = {t for s in roles[spec.logical_id] for t in refs(s.get("Resource"))}
        for name, value in spec.environment.items():
            if name.endswith("_TABLE") and refs(value) & tables:
                assert name in required | globals_, f"{module} should require {name}"
