"""The bench's operation registry: setup once with the size, per-request values, JSON bodies, and
a stop on any unexpected status (bench/operations.py, bench/api.py), in-process against moto."""
import pytest

from bench.api import run_operation
from bench.operations import OPERATIONS, Operation
from infra.local.runner import LocalApi


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
    op = Operation("unknown path", "POST", "/api/nothing-here", body=lambda ctx, i: {"n": i}, headers=headers,
                   expect=404)
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


def test_the_portal_operations_run_at_their_floor_or_say_why_not(aws):
    from pynamodb.models import Model

    from bench.portal_operations import OPERATIONS as PORTAL
    from portal import models

    # The counter sees clients created after it is installed: drop those earlier tests made.
    for model in _subclasses(Model):
        model._connection = None
    models._connection.cache_clear()
    for op in PORTAL:
        found = run_operation(op, LocalApi(), size=1, iterations=3)
        totals = {c.total for c in found["counts"]}
        assert len(totals) == 1, (op.name, totals)  # every warm request costs the same
        extra = totals.pop() - op.floor
        assert extra == (1 if "above floor" in op.why else 0), (op.name, extra)


def _subclasses(cls) -> set:
    found = set(cls.__subclasses__())
    return found.union(*(_subclasses(c) for c in found)) if found else found
