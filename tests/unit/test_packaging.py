"""The per-function packages (functions/Makefile, functions/lambda_build) and the bench's build of
them must not drift from template.yaml: the same build, its targets naming the template's handlers,
and a built package that imports its handler (and, for the outbox, every renderer it names) with
nothing but the package and the runtime's SDK on the path."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from bench import builds, coldstart
from infra.local import template as tpl
from lambda_build import closure, dists
from portal.outbox import delivery, service

# Slow (`make check` leaves it out): builds a function package and imports it in a fresh interpreter.
pytestmark = pytest.mark.slow

MAKEFILE = builds.FUNCTIONS / "Makefile"


def _targets() -> dict[str, str]:
    text = MAKEFILE.read_text(encoding="utf-8")
    return dict(re.findall(r"^build-(\w+):\n\t\$\(BUILD\) ([\w.]+)$", text, re.M))


def test_every_function_is_built_by_the_makefile_from_its_handlers_module():
    targets = _targets()
    for name, res in tpl.resources(kind="AWS::Serverless::Function").items():
        assert res.get("Metadata", {}).get("BuildMethod") == "makefile", name
        spec = next(s for s in tpl.functions() if s.logical_id == name)
        assert targets.get(name) == builds.handler_module(spec), f"functions/Makefile build-{name}"
        assert spec.code_uri == builds.FUNCTIONS


def test_the_makefile_builds_for_the_templates_runtime_and_architecture():
    text = MAKEFILE.read_text(encoding="utf-8")
    target = builds.lambda_target()
    assert re.search(rf"^RUNTIME := {re.escape(target.python_version)}$", text, re.M)
    arch = "arm64" if target.machine == "aarch64" else "x86_64"
    assert re.search(rf"^ARCHITECTURE := {arch}$", text, re.M)
    assert re.search(rf"^PYTHON \?= python{re.escape(target.python_version)}$", text, re.M)


def test_every_outbox_message_has_a_renderer_or_an_action():
    assert service.MESSAGES == set(delivery.RENDERERS) | set(delivery.ACTIONS)


def test_the_closure_follows_the_outbox_renderer_strings_only_where_they_are_delivered():
    root = builds.FUNCTIONS
    outbox = closure.closure(root, "portal.handlers.outbox").modules
    for path in (*delivery.RENDERERS.values(), *delivery.ACTIONS.values()):
        assert path.partition(":")[0] in outbox
    intake = closure.closure(root, "portal.handlers.intake")
    assert "portal.billing.portal_links" not in intake.modules
    assert not {"stripe", "icalendar", "recurring_ical_events"} & intake.third_party


def test_late_imports_are_shipped():
    found = closure.closure(builds.FUNCTIONS, "portal.handlers.intake")
    assert {"email_validator", "tzdata"} <= dists.late_imports(found.imported | found.stdlib)


_IMPORT_ALL = """
import importlib, json, sys
for name in {modules!r}:
    importlib.import_module(name)
outside = sorted({{m.__name__.partition(".")[0] for m in list(sys.modules.values())
                 if getattr(m, "__file__", None) and not m.__file__.startswith(({roots!r}))
                 and not m.__file__.startswith(sys.base_prefix)}})
print(json.dumps({{"outside": outside, "loaded": sorted(sys.modules)}}))
"""


@pytest.fixture(scope="module")
def outbox_package(tmp_path_factory):
    spec = next(s for s in tpl.functions() if s.logical_id == "OutboxFunction")
    out = tmp_path_factory.mktemp("package") / "OutboxFunction"
    built = builds.build(
        builds.handler_module(spec), out, target=builds.Target(), cache=builds.CACHE / "build"
    )
    return spec, built


def test_the_outbox_package_imports_its_handler_and_every_renderer_from_itself_alone(outbox_package):
    spec, built = outbox_package
    assert not built.not_compiled
    modules = [builds.handler_module(spec)] + sorted(
        {p.partition(":")[0] for p in (*delivery.RENDERERS.values(), *delivery.ACTIONS.values())}
    )
    roots = (str(built.root), str(builds.runtime_sdk()))
    env = coldstart.lambda_environment(spec, built.root)
    done = subprocess.run(
        [sys.executable, "-S", "-c", _IMPORT_ALL.format(modules=modules, roots=roots)],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["outside"] == []
    # What the package holds is what the import closure reaches: no other handler, no tests.
    shipped = {p.relative_to(built.root).as_posix() for p in built.root.rglob("*.py")}
    assert {f"{m.replace('.', '/')}.py" for m in built.modules} | {
        f"{m.replace('.', '/')}/__init__.py" for m in built.modules
    } >= {p for p in shipped if p.startswith("portal/")}
    assert "portal/handlers/bookings.py" not in shipped
    assert not any("/tests/" in p for p in shipped)
    assert not (built.root / "botocore").exists() and not (built.root / "boto3").exists()


def test_a_package_without_stripe_never_holds_it():
    found = closure.closure(builds.FUNCTIONS, "portal.handlers.bookings")
    assert "stripe" not in found.third_party
    assert not any(m.startswith("portal.billing") for m in found.modules)


_FORMAT_IN_SPANISH = """
import json, sys
from portal import formats
print(json.dumps([formats.money(95000, "es"), formats.day("2026-12-31", "es"), formats.money(4250, "en")]))
"""


def test_the_outbox_package_ships_babels_data_for_the_brands_languages_only(outbox_package):
    spec, built = outbox_package
    data = sorted(p.stem for p in (built.root / "babel" / "locale-data").glob("*.dat"))
    assert data == ["en", "es", "es_419", "root"]
    done = subprocess.run(
        [sys.executable, "-S", "-c", _FORMAT_IN_SPANISH],
        env=coldstart.lambda_environment(spec, built.root),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == ["USD950", "31 de diciembre de 2026", "$42.50"]
