"""`python -m bench`: runs every section, prints one table and writes it to bench/RESULTS.md."""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

from bench.report import SECTIONS, Row, table

OUTPUT = Path(__file__).resolve().parent / "RESULTS.md"
PARTS = {
    "cold": "Cold start",
    "package": "Package size",
    "api": "DynamoDB round trips and warm latency",
    "site": "Site",
}


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs",
        type=int,
        default=int(os.environ.get("BENCH_RUNS", 7)),
        help="new processes per cold-start figure (median); default 7",
    )
    parser.add_argument(
        "--iterations",
        type=int,
        default=int(os.environ.get("BENCH_ITERATIONS", 200)),
        help="warm requests per API operation; default 200",
    )
    parser.add_argument(
        "--size",
        type=int,
        default=int(os.environ.get("BENCH_SIZE", 1000)),
        help="records an operation's setup seeds (e.g. existing bookings); default 1000",
    )
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse (about 11 s a page)")
    parser.add_argument(
        "--lighthouse-runs",
        type=int,
        default=3,
        help="Lighthouse runs per page, the median kept (scores vary with the machine's load); default 3",
    )
    parser.add_argument(
        "--only", default=",".join(PARTS), help=f"comma-separated parts of {', '.join(PARTS)}"
    )
    parser.add_argument(
        "--output", type=Path, default=OUTPUT, help="where to write the table (default bench/RESULTS.md)"
    )
    return parser.parse_args(argv)


def run(args: argparse.Namespace) -> list[Row]:
    parts = {p.strip() for p in args.only.split(",") if p.strip()}
    unknown = parts - set(PARTS)
    if unknown:
        raise SystemExit(f"unknown part(s): {', '.join(sorted(unknown))}; choose from {', '.join(PARTS)}")
    rows: list[Row] = []
    if "cold" in parts:
        from bench import coldstart

        rows += coldstart.measure(args.runs)
    if "package" in parts:
        from bench import package

        rows += package.measure()
    if parts & {"api", "site"}:
        from bench import counter

        counter.install()  # before the stack creates any client
        from infra.local import services
        from infra.local.dev import LocalStack, build_site
        from infra.local.front_door import FrontDoor

        if "site" in parts:
            build_site()
        FrontDoor.log_message = lambda *args: None  # no line per page request in the report
        stack = LocalStack(port=services.free_port(), dynamodb_port=services.free_port(), data_dir=None)
        try:
            stack.start()
            # Emails and schedules are the OutboxFunction's work, after the answer: its polling must
            # not land in the requests' round trips (bench/README.md).
            stack.outbox.stop()
            if "api" in parts:
                from bench import api

                trips, latency = api.measure(FrontDoor.api, args.size, args.iterations, stripe=stack.stripe)
                rows += trips + latency
                from bench import coldstart, costs

                rows += costs.measure(api.MEASURED, coldstart.MEASURED)
            if "site" in parts:
                from bench import site

                rows += site.measure(
                    stack.url, run_lighthouse=not args.no_lighthouse, lighthouse_runs=args.lighthouse_runs
                )
                if not args.no_lighthouse:  # every page: performance, layout shift, accessibility
                    from bench import pages

                    rows += pages.measure(stack.url, runs=args.lighthouse_runs)
        finally:
            stack.stop()
    order = {name: i for i, name in enumerate(SECTIONS)}
    return sorted(rows, key=lambda r: order.get(r.section, len(order)))


def document(rows: list[Row], args: argparse.Namespace, seconds: float) -> str:
    settings = (
        f"--runs {args.runs} --iterations {args.iterations} --size {args.size}"
        + (" --no-lighthouse" if args.no_lighthouse else f" --lighthouse-runs {args.lighthouse_runs}")
        + (f" --only {args.only}" if args.only != ",".join(PARTS) else "")
    )
    return "\n".join(
        [
            "# Benchmarks",
            "",
            f"`make bench` ({settings}) on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: "
            f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, load average "
            f"{os.getloadavg()[0]:.1f} at the end, took {seconds:.0f} s. "
            "Each figure stands beside its floor or a baseline measured in the same run. "
            "How each is measured: bench/README.md.",
            "",
            table(rows),
            "",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    started = time.monotonic()
    rows = run(args)
    text = document(rows, args, time.monotonic() - started)
    print(text)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"written to {args.output}", file=sys.stderr)
    return 0
