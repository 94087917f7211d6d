"""What a function's package leaves out (functions/lambda_build/prune.py, config.py) and the facts
each rule rests on: a rule whose reason stops being true fails here, not in Lambda."""

from __future__ import annotations

import ast
import datetime
import json
import re
import shutil
import subprocess
import sys

import pytest

from bench import builds, coldstart
from infra.local import template as tpl
from lambda_build import closure, config, prune
from portal import api, catalog, config_json
from portal.bookings import rules

FUNCTIONS = builds.FUNCTIONS
PORTAL = FUNCTIONS / "portal"


def _calls(name: str):
    for path in sorted(PORTAL.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", None)) == name
            ):
                yield path, node


def test_every_email_check_skips_the_dns_lookup_so_dnspython_stays_out():
    calls = list(_calls("validate_email"))
    assert calls, "portal.addresses checks addresses with email_validator"
    for path, node in calls:
        passed = {k.arg: k.value for k in node.keywords}
        assert isinstance(passed.get("check_deliverability"), ast.Constant), path
        assert passed["check_deliverability"].value is False, path
    assert ("email-validator", "dnspython") in prune.UNUSED_REQUIREMENTS


def test_no_function_serves_swagger_ui():
    assert not list(_calls("enable_swagger"))


def test_only_the_config_loader_imports_yaml_and_only_when_there_is_no_json():
    importers = [
        path.relative_to(FUNCTIONS).as_posix()
        for path in PORTAL.rglob("*.py")
        if re.search(r"^\s*(import yaml|from yaml)", path.read_text(encoding="utf-8"), re.M)
    ]
    assert importers == ["portal/catalog.py"]
    loader = next(
        node
        for node in ast.parse((PORTAL / "catalog.py").read_text(encoding="utf-8")).body
        if isinstance(node, ast.FunctionDef) and node.name == "_load"
    )
    assert any(isinstance(n, ast.Import) and n.names[0].name == "yaml" for n in ast.walk(loader))
    assert set(prune.DONE_AT_BUILD) == {"yaml"}


def test_the_config_compiles_to_json_that_reads_back_as_the_yaml(tmp_path):
    shutil.copytree(catalog.CONFIG_DIR, tmp_path / "portal" / "config")
    compiled = config.compile_config(tmp_path / "portal" / "config", tmp_path, FUNCTIONS)
    assert compiled == ["availability.yaml", "brand.yaml", "catalog.yaml"]
    for name in compiled:
        assert not (tmp_path / "portal" / "config" / name).exists()
        text = (tmp_path / "portal" / "config" / f"{name}.json").read_text(encoding="utf-8")
        assert config_json.loads(text) == catalog._load(name)
    dates = config_json.loads((tmp_path / "portal" / "config" / "availability.yaml.json").read_text())
    assert all(isinstance(day, datetime.date) for day in dates["blackout_dates"])


@pytest.mark.parametrize(
    "text, why",
    [
        ("1: one\n", "not a text"),
        ("at: 2026-12-24 10:00:00\n", "with a time"),
        ("s: !!set {a: null}\n", "set"),
    ],
)
def test_config_json_cannot_say_exactly_fails_the_build(tmp_path, text, why):
    (tmp_path / "bad.yaml").write_text(text)
    with pytest.raises(ValueError, match=why):
        config.compile_config(tmp_path, tmp_path, FUNCTIONS)


def test_the_loader_reads_the_compiled_json_when_the_package_has_it(tmp_path, monkeypatch):
    from_yaml = (catalog.brand(), catalog.catalog("es"), catalog._load("availability.yaml"))
    shutil.copytree(catalog.CONFIG_DIR, tmp_path / "config")
    config.compile_config(tmp_path / "config", tmp_path, FUNCTIONS)
    monkeypatch.setattr(catalog, "CONFIG_DIR", tmp_path / "config")
    catalog.reload()
    try:
        assert (catalog.brand(), catalog.catalog("es"), catalog._load("availability.yaml")) == from_yaml
        assert rules.load_rules(catalog._load("availability.yaml"), catalog.brand().home_timezone)
    finally:
        catalog.reload()


def test_the_closure_can_follow_one_librarys_modules_only(tmp_path):
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "__init__.py").write_text("import other\nfrom lib import used\n")
    (tmp_path / "lib" / "used.py").write_text("def f():\n    from lib import lazy\n")
    (tmp_path / "lib" / "lazy.py").write_text("")
    (tmp_path / "lib" / "unused.py").write_text("")
    (tmp_path / "other.py").write_text("import lib.unused\n")
    found = closure.closure(tmp_path, "lib", only=frozenset({"lib"}))
    assert sorted(found.modules) == ["lib", "lib.lazy", "lib.used"]
    assert "other" in found.third_party


@pytest.fixture(scope="module")
def portal_package(tmp_path_factory):
    spec = next(s for s in tpl.functions() if s.logical_id == "PortalFunction")
    out = tmp_path_factory.mktemp("package") / "PortalFunction"
    return spec, builds.build(
        builds.handler_module(spec), out, target=builds.Target(), cache=builds.CACHE / "build"
    )


_READ_CONFIG = """
import importlib, json, sys
handler = importlib.import_module({module!r})
from portal import catalog, snapstart
from portal.bookings import rules
rules.load_rules(catalog._load("availability.yaml"), catalog.brand().home_timezone)
event = {{**snapstart.priming_event("/api/nope"), "headers": {{"accept-language": "es"}}}}
answer = handler.app.resolve(event, None)  # Powertools' resolver, the brand's languages, openapi.json
print(json.dumps({{"es": catalog.catalog("es").services[0].name, "loaded": sorted(sys.modules),
                  "answer": [answer["statusCode"], json.loads(answer["body"])["message"]]}}))
"""


@pytest.mark.slow
def test_a_pruned_package_imports_its_handler_and_reads_its_config_without_what_it_left_out(portal_package):
    spec, built = portal_package
    root = built.root
    assert "dnspython" not in built.distributions and "pyyaml" not in built.distributions
    assert (
        not (root / "dns").exists()
        and not (root / "yaml").exists()
        and not (root / "pydantic" / "v1").exists()
    )
    assert not (
        root / "aws_lambda_powertools" / "event_handler" / "openapi" / "swagger_ui" / "swagger-ui.min.css"
    ).exists()
    assert not list(root.rglob("*.pyi")) and not list(root.rglob("py.typed"))
    assert not (root / "aws_lambda_powertools" / "utilities" / "kafka").exists()
    assert sorted(p.name for p in (root / "portal" / "config").iterdir()) == [
        "availability.yaml.json",
        "brand.yaml.json",
        "catalog.yaml.json",
        "openapi.json",
    ]
    done = subprocess.run(
        [sys.executable, "-S", "-c", _READ_CONFIG.format(module=builds.handler_module(spec))],
        env=coldstart.lambda_environment(spec, root),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["es"] == catalog.catalog("es").services[0].name
    assert found["answer"] == [404, api.NO_ENDPOINT["es"].format(method="GET", path="/api/nope")]
    assert not {"yaml", "dns", "pydantic.v1"} & set(found["loaded"])


@pytest.mark.slow
def test_no_shipped_code_reaches_pydantic_1(portal_package):
    _spec, built = portal_package
    pydantic_1 = re.compile(
        r"pydantic\.v1|from pydantic import v1|pydantic\.(utils|typing|error_wrappers)\b|__get_validators__"
    )
    for path in built.root.rglob("*.py"):
        rel = path.relative_to(built.root).as_posix()
        if not rel.startswith("pydantic/"):
            assert not pydantic_1.search(path.read_text(encoding="utf-8", errors="replace")), rel
