"""`make mutants`: mutation testing of the pure domain modules with mutmut, a score per module and
every surviving mutant, printed and written to bench/MUTANTS.md.

mutmut 3 names a module after its file's path (a leading src/ stripped) and checks that the tests
import it under that name; the code lives in functions/portal and imports as `portal`. So for the
run, ./portal is a link to functions/portal and pyproject.toml's [tool.mutmut] mutates through it
(mutmut copies the package into mutants/portal, where the tests import it). The link is removed
afterwards. mutmut 3 leaves class bodies alone, so the rules model's Field bounds are mutated by
bench/field_mutants.py. A mutant counts as killed when a test fails or hangs (mutmut's timeout); as
equivalent only when EQUIVALENT.md (beside this file) lists its changed line with a reason.

Each run starts from a fresh mutants/ (mutmut's cache does not retest survivors against new tests).

Usage: python -m bench.mutants [--max-children 2] [--floor 90] [--report-only]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINK, TARGET = ROOT / "portal", Path("functions") / "portal"
REPORT, EQUIVALENT = ROOT / "bench" / "MUTANTS.md", ROOT / "bench" / "EQUIVALENT.md"
FIELDS = "portal.bookings.rules (Field bounds)"
MODULES = (
    "portal.bookings.slots",
    "portal.bookings.rules",
    FIELDS,
    "portal.billing.lifecycle",
    "portal.ledger.rules",
)
DETECTED = ("killed", "timeout", "segfault", "suspicious")
_RESULT = re.compile(r"^\s*(?P<name>\S+__mutmut_\d+): (?P<status>.+)$")
_EQUIVALENT = re.compile(r"^- `(?P<function>[^`]+)` `(?P<line>.+)`: (?P<reason>.+)$")


def mutmut(*args: str, log=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mutmut", *args],
        cwd=ROOT,
        text=True,
        stdout=log or subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def module_and_function(name: str) -> tuple[str, str]:
    """portal.bookings.slots.x_refusal__mutmut_3 -> (portal.bookings.slots, refusal); methods as
    Class.method."""
    mangled = name.partition("__mutmut_")[0]
    module, _, function = mangled.rpartition(".")
    function = function.removeprefix("x_").removeprefix("xǁ").replace("ǁ", ".")
    return module, function


def changed_line(name: str) -> str:
    """The mutant's changed code, from `mutmut show`: its added lines, joined."""
    diff = mutmut("show", name).stdout.splitlines()
    added = [line[1:].strip() for line in diff if line.startswith("+") and not line.startswith("+++")]
    return " / ".join(added) or "(line removed)"


def equivalents() -> dict[tuple[str, str], str]:
    """(function, changed line) -> why the mutant cannot change behaviour, from EQUIVALENT.md."""
    found = {}
    for line in EQUIVALENT.read_text().splitlines():
        if match := _EQUIVALENT.match(line):
            found[(match["function"], match["line"])] = match["reason"]
    return found


def collect() -> tuple[dict[str, Counter], list[tuple[str, str, str, str]], list[tuple[str, str, str]]]:
    counts: dict[str, Counter] = defaultdict(Counter)
    survivors, equivalent = [], []
    known = equivalents()
    for line in mutmut("results", "--all", "true").stdout.splitlines():
        if not (match := _RESULT.match(line)):
            continue
        name, status = match["name"], match["status"].strip()
        module, function = module_and_function(name)
        if status in DETECTED:
            counts[module]["killed"] += 1
            continue
        code = changed_line(name)
        if reason := known.get((function, code)):
            counts[module]["equivalent"] += 1
            equivalent.append((module, function, code, reason))
        else:
            counts[module]["survived"] += 1
            survivors.append((module, function, code, status))
    return counts, survivors, equivalent


def collect_fields(max_children: int, counts, survivors, equivalent) -> None:
    """The Field mutants (bench/field_mutants.py) into the same tallies, as function `Rules`."""
    from bench import field_mutants

    known = equivalents()
    killed, surviving = field_mutants.run(max_children)
    counts[FIELDS]["killed"] += killed
    for code in surviving:
        if reason := known.get(("Rules", code)):
            counts[FIELDS]["equivalent"] += 1
            equivalent.append((FIELDS, "Rules", code, reason))
        else:
            counts[FIELDS]["survived"] += 1
            survivors.append((FIELDS, "Rules", code, "survived"))


def score(count: Counter) -> float:
    counted = count["killed"] + count["survived"]
    return 100.0 * count["killed"] / counted if counted else 100.0


def report(counts, survivors, equivalent, floor: float) -> str:
    lines = [
        "# Mutation testing of the domain rules",
        "",
        "`make mutants` (bench/mutants.py) runs mutmut on the pure domain modules against their unit tests "
        "and writes this file. Score = killed / (mutants - equivalent); a mutant that makes a test hang "
        f"(timeout) counts as killed. Floor: {floor:.0f}% per module. mutmut 3 mutates function bodies only: "
        "the rules model's `Field(...)` bounds and defaults are mutated by bench/field_mutants.py "
        "(each number one step either way, gt/ge and le/lt swapped).",
        "",
        "| module | mutants | killed | equivalent | survived | score |",
        "| --- | --: | --: | --: | --: | --: |",
    ]
    for module in MODULES:
        count = counts.get(module, Counter())
        total = sum(count.values())
        lines.append(
            f"| {module} | {total} | {count['killed']} | {count['equivalent']} | {count['survived']} "
            f"| {score(count):.1f}% |"
        )
    lines += ["", "## Surviving mutants", ""]
    lines += [
        f"- `{function}` ({module}, {status}): `{code}`" for module, function, code, status in survivors
    ] or ["None."]
    lines += ["", "## Equivalent mutants (bench/EQUIVALENT.md)", ""]
    lines += [
        f"- `{function}` ({module}): `{code}`: {reason}" for module, function, code, reason in equivalent
    ] or ["None."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-children", type=int, default=2, help="mutmut's parallel workers (default 2)")
    parser.add_argument(
        "--floor", type=float, default=90.0, help="lowest score a module may have (default 90)"
    )
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="no new run: the report from mutants/ as it is (after editing EQUIVALENT.md)",
    )
    args = parser.parse_args(argv)
    made_link = not LINK.is_symlink()
    if made_link:
        if LINK.exists():
            sys.exit(f"{LINK} exists and is not the link to {TARGET}: move it away first")
        LINK.symlink_to(TARGET, target_is_directory=True)
    try:
        if not args.report_only:
            shutil.rmtree(ROOT / "mutants", ignore_errors=True)
            (ROOT / "mutants").mkdir()
            with open(ROOT / "mutants" / "run.log", "w") as log:
                print("mutmut run (minutes; progress in mutants/run.log) ...", flush=True)
                run = mutmut("run", "--max-children", str(args.max_children), log=log)
            if run.returncode != 0:
                print((ROOT / "mutants" / "run.log").read_text()[-3000:])
                sys.exit(f"mutmut run failed (exit {run.returncode}): see mutants/run.log")
        counts, survivors, equivalent = collect()
    finally:
        if made_link:
            LINK.unlink()
    print("Field bounds of the rules model ...", flush=True)
    collect_fields(args.max_children, counts, survivors, equivalent)
    text = report(counts, survivors, equivalent, args.floor)
    REPORT.write_text(text)
    print(text)
    low = [module for module in MODULES if score(counts.get(module, Counter())) < args.floor]
    if low:
        print(f"Below {args.floor:.0f}%: {', '.join(low)}", file=sys.stderr)
    return 1 if low else 0


if __name__ == "__main__":
    sys.exit(main())
