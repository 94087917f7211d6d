"""DynamoDB round trips and warm latency of every operation in bench/operations.py, through the
in-process runner (infra.local.runner, real payload-2.0 events) against DynamoDB Local."""

from __future__ import annotations

import time

from bench import counter
from bench.operations import OPERATIONS, Context, Operation
from bench.portal_operations import OPERATIONS as PORTAL_OPERATIONS
from bench.report import Row, ms, percentile
from infra.local.inprocess import InProcessApi

# Operation name -> {"p50": seconds, "calls": DynamoDB calls by name}, from the last measure(): the
# monthly bill (bench/costs.py) is computed from them.
MEASURED: dict[str, dict] = {}


def _send(ctx: Context, op: Operation, request: tuple[str, bytes, dict]):
    path, raw, headers = request
    answer = ctx.api.request(op.method, path, headers=headers, raw=raw)
    if answer.status != op.expect:
        raise RuntimeError(
            f"{op.name}: {op.method} {path} answered {answer.status}, expected {op.expect}: "
            f"{answer.body[:500]!r}"
        )
    return answer


def run_operation(op: Operation, runner, size: int, iterations: int, stripe=None) -> dict:
    ctx = Context(
        api=InProcessApi(runner, deliver_outbox=False),
        size=size,
        state={"iterations": iterations},
        stripe=stripe,
    )
    if op.setup:
        op.setup(ctx)
    request = op.request(ctx, 0)
    route = runner.match(op.method, request[0].split("?")[0])
    cold = bool(route) and route[0].function not in runner._handlers  # this request imports the handler
    with counter.Count() as first:
        started = time.perf_counter()
        _send(ctx, op, request)
        first_time = time.perf_counter() - started
    times, counts = [], []
    for i in range(1, iterations + 1):
        request = op.request(ctx, i)  # built outside the timed part
        with counter.Count() as count:
            started = time.perf_counter()
            _send(ctx, op, request)
            times.append(time.perf_counter() - started)
        counts.append(count)
    return {"first": first, "first_time": first_time, "cold": cold, "times": times, "counts": counts}


def round_trip_time(iterations: int) -> float:
    """p50 of one DynamoDB Local round trip from this process (a GetItem that finds nothing)."""
    import boto3

    from infra.local import template as tpl

    table = next(iter(tpl.table_definitions().values()))["create"]
    key = {k["AttributeName"]: {"S": "bench-nothing"} for k in table["KeySchema"]}
    client = boto3.client("dynamodb")
    for _ in range(20):  # DynamoDB Local runs on the JVM: let it warm up first
        client.get_item(TableName=table["TableName"], Key=key)
    times = []
    for _ in range(max(iterations, 20)):
        started = time.perf_counter()
        client.get_item(TableName=table["TableName"], Key=key)
        times.append(time.perf_counter() - started)
    return percentile(times, 50)


def measure(
    runner, size: int, iterations: int, operations: list[Operation] | None = None, stripe=None
) -> tuple[list[Row], list[Row]]:
    """Round-trip rows and latency rows. The latency floor of an operation is the edge's own time
    (the fastest operation's p50: runner, resolver, validation) plus the p50 of the time its own
    requests were in flight (counter.py: DynamoDB Local's time for those very requests, a nine-item
    transaction costing more than a GetItem). Beside it, the older estimate: its floor of round
    trips at one DynamoDB Local GetItem each (the lower p50 of one measured before and one after)."""
    counter.install()
    before = round_trip_time(iterations)
    results = [
        (op, run_operation(op, runner, size, iterations, stripe))
        for op in operations or OPERATIONS + PORTAL_OPERATIONS
    ]
    # DynamoDB Local's JVM keeps compiling while the operations run: its round trip is shorter by
    # the end, and the floor is the least it could be.
    trip = min(before, round_trip_time(iterations))
    edge = min(percentile(found["times"], 50) for _, found in results)
    trips, latency = [], []
    for op, found in results:
        totals = sorted({c.total for c in found["counts"]})
        worst = max(found["counts"], key=lambda c: c.total)
        note = op.why
        if len(totals) > 1:
            note += f"; warm requests varied: {totals[0]}..{totals[-1]}"
        if found["first"].total != worst.total:
            note += f"; first request: {found['first'].describe()}"
        if worst.total > op.floor:
            note += f"; {worst.total - op.floor} above the floor"
        trips.append(
            Row(
                "DynamoDB round trips",
                f"{op.name}: {op.method} {op.path if isinstance(op.path, str) else '…'}",
                worst.describe(),
                str(op.floor),
                note.strip("; "),
            )
        )
        times = found["times"]
        p50 = percentile(times, 50)
        MEASURED[op.name] = {"p50": p50, "calls": worst.operations}
        flight = edge + percentile([c.in_flight for c in found["counts"]], 50)
        latency.append(
            Row(
                "Warm latency",
                f"{op.name}, {len(times)} requests, size {size}",
                f"p50 {ms(p50)}, p99 {ms(percentile(times, 99))}",
                f"{ms(flight)} (edge {ms(edge)} + its requests in flight, p50); ×{p50 / flight:.1f}",
                f"{op.floor} × {ms(trip)} GetItem round trip would be {ms(edge + op.floor * trip)}; "
                f"first request {ms(found['first_time'])}"
                + (" (imports the handler: a cold container)" if found["cold"] else ""),
            )
        )
    if operations is None:  # the whole bench: also a tracker export's import, rows per second
        from bench import ledger_import

        latency += ledger_import.measure(runner, trip)
    return trips, latency
