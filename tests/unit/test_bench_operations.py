"""The bench's operation registry: setup once with the size, per-request values, JSON bodies, and
a stop on any unexpected status (bench/operations.py, bench/api.py), in-process against moto."""

import os

import pytest

from bench.api import run_operation
from bench.operations import OPERATIONS, Operation
from infra.local.runner import LocalApi

# Slow (`make check` leaves it out): runs the bench's operations in-process.
pytestmark = pytest.mark.slow


def test_setup_runs_once_and_each_request_gets_its_own_values(aws):
    seen = []

    def setup(ctx):
        seen.append(("setup", ctx.size))

    def path(ctx, i):
        seen.append(("path", i))
        return f"/api/health?request={i}"

    op = Operation("health with setup", "GET", path, setup=setup)
    found = run_operation(op, LocalApi(), size=7, iterations=3)
    assert seen == [("setup", 7), ("path", 0), ("path", 1), ("path", 2), ("path", 3)]
    assert len(found["times"]) == 3 and found["cold"]
    assert [c.total for c in found["counts"]] == [0, 0, 0] and found["first"].total == 0


def test_a_body_is_sent_as_json_and_headers_see_its_bytes(aws):
    raw_bodies = []

    def headers(ctx, i):
        raw_bodies.append(ctx.raw_body)
        return {"x-signature": str(len(ctx.raw_body))}

    # Without Content-Type: application/json the edge would answer 415 before routing.
    op = Operation(
        "unknown path", "POST", "/api/nothing-here", body=lambda ctx, i: {"n": i}, headers=headers, expect=404
    )
    run_operation(op, LocalApi(), size=0, iterations=1)
    assert raw_bodies == [b'{"n": 0}', b'{"n": 1}']


def test_an_unexpected_status_stops_the_bench(aws):
    with pytest.raises(RuntimeError, match="answered 404, expected 200"):
        run_operation(Operation("missing", "GET", "/api/nothing-here"), LocalApi(), size=0, iterations=1)


def test_registered_operations_are_well_formed():
    names = [op.name for op in OPERATIONS]
    assert len(names) == len(set(names))
    for op in OPERATIONS:
        assert op.floor >= 0 and op.why and op.method in {"GET", "POST", "PUT", "PATCH", "DELETE"}


def test_the_portal_and_ledger_operations_run(aws):
    """Each answers as expected on every request (run_operation stops on any other status). Their
    round trips beside the floor are measured by the bench in a fresh process (tests/integration/
    test_bench.py): here, clients made by earlier tests escape the counter."""
    from bench.portal_operations import OPERATIONS as PORTAL

    for op in PORTAL:
        found = run_operation(op, LocalApi(), size=2, iterations=2)
        assert len(found["times"]) == 2, op.name


def _subclasses(cls) -> set:
    found = set(cls.__subclasses__())
    return found.union(*(_subclasses(c) for c in found)) if found else found


@pytest.fixture(autouse=True)
def _limits_put_back():
    """The bench lifts the rate limits in os.environ (bench.operations._lift_rate_limit): put them
    back, so the tests that follow in this process see the template's limits."""
    before = {name: value for name, value in os.environ.items() if name.startswith("RATE_LIMIT")}
    yield
    from portal.settings import settings

    for name in [n for n in os.environ if n.startswith("RATE_LIMIT")]:
        del os.environ[name]
    os.environ.update(before)
    settings.cache_clear()
