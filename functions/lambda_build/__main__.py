"""`python -m lambda_build portal.handlers.bookings --out DIR --python-version 3.12 --architecture arm64`:
the package of the function whose handler lives in that module (functions/Makefile runs it for
`sam build`, with the interpreter sam build uses)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from lambda_build.package import Target, build


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lambda_build", description=__doc__.splitlines()[0])
    parser.add_argument("module", help="the handler's module, e.g. portal.handlers.bookings")
    parser.add_argument(
        "--out",
        type=Path,
        default=os.environ.get("ARTIFACTS_DIR"),
        help="where the package goes (default: $ARTIFACTS_DIR, which sam build sets)",
    )
    parser.add_argument("--python-version", required=True, help="the runtime's Python, e.g. 3.12")
    parser.add_argument("--architecture", required=True, choices=("arm64", "x86_64"))
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "va-portal-lambda-build",
        help="where the downloaded dependencies are kept between builds",
    )
    parser.add_argument(
        "--ship-sdk",
        action="store_true",
        default=os.environ.get("SHIP_SDK") == "1",
        help="also ship boto3/botocore/s3transfer instead of using the runtime's (SHIP_SDK=1)",
    )
    args = parser.parse_args(argv)
    if args.out is None:
        parser.error("--out is required outside sam build (no ARTIFACTS_DIR)")
    mine = f"{sys.version_info.major}.{sys.version_info.minor}"
    if mine != args.python_version:
        # Bytecode only loads on the Python that wrote it: Lambda would ignore it and compile anyway.
        parser.error(
            f"this is Python {mine}; the runtime is python{args.python_version}: run the build with "
            f"python{args.python_version} (make PYTHON=python{args.python_version})"
        )
    built = build(
        args.module,
        args.out,
        target=Target.for_lambda(args.python_version, args.architecture),
        cache=args.cache,
        ship_sdk=args.ship_sdk,
    )
    print(f"{args.module}: {len(built.modules)} project modules, {', '.join(built.distributions)}")
    if built.not_compiled:
        print(f"not compiled (compiled at import instead, if ever imported): {', '.join(built.not_compiled)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
