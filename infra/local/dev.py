"""`make dev`: the whole portal offline on one origin, as CloudFront serves it in production.

    /api/...     the HTTP API from template.yaml, handlers run in-process (runner.py)
    /_dev/mail   every email the stack sent (local only: not in template.yaml)
    /...         the built MkDocs site

Starts DynamoDB Local (data kept under .local/), a moto server for SES, creates the tables from
template.yaml, and stops all of it on Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

from infra.local import dynamodb, services
from infra.local import template as tpl
from infra.local.front_door import FrontDoor, FrontDoorServer
from infra.local.outbox import OutboxPump
from infra.local.runner import LocalApi

if TYPE_CHECKING:
    from infra.stripe_standin import StandIn

ROOT = tpl.ROOT
STATE_DIR = ROOT / ".local"


def local_overrides(port: int, extra: dict[str, str] | None = None) -> dict[str, str]:
    """What differs locally from a deployed stack: the stage, the origin and no tracing."""
    overrides = {
        "STAGE": "local",
        "SiteOrigin": f"http://127.0.0.1:{port}",
        "SITE_ORIGIN": f"http://127.0.0.1:{port}",
        "POWERTOOLS_TRACE_DISABLED": "true",
        "POWERTOOLS_METRICS_DISABLED": "true",
        "ORIGIN_VERIFY_SECRET": "",  # no CloudFront locally: the connection's address is the visitor's
    }
    overrides.update(extra or {})
    return overrides


class LocalStack:
    """Everything `make dev` runs, startable from tests too (with other ports and a temp dir)."""

    def __init__(
        self,
        port: int = 8000,
        dynamodb_port: int = 8001,
        data_dir: Path | None = STATE_DIR / "dynamodb",
        moto_port: int | None = None,
        extra_env: dict[str, str] | None = None,
    ):
        self.port = port
        self.dynamodb = dynamodb.DynamoDBLocal(dynamodb_port, data_dir)
        self.moto = services.MotoServer(moto_port or services.free_port())
        self.extra_env = extra_env or {}
        self.httpd: ThreadingHTTPServer | None = None
        self.stripe: StandIn | None = None  # the offline Stripe stand-in, when no Stripe key is configured
        self.outbox: OutboxPump | None = None  # the outbox's stream and schedule, by polling

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> LocalStack:
        if not services.port_is_free(self.port):
            raise RuntimeError(f"port {self.port} is taken: stop what uses it or set PORT to a free one")
        self.dynamodb.start()
        self.moto.start()
        os.environ.update(services.FAKE_CREDENTIALS)
        os.environ["AWS_ENDPOINT_URL"] = self.moto.endpoint
        os.environ["AWS_ENDPOINT_URL_DYNAMODB"] = self.dynamodb.endpoint
        overrides = local_overrides(self.port, self.extra_env)
        environment = tpl.local_environment(overrides)
        os.environ.update(environment)
        dynamodb.ensure_tables(self.dynamodb.endpoint)
        services.verify_sender(self.moto.endpoint, environment["MAIL_FROM"])
        services.ensure_schedule_groups(self.moto.endpoint)
        services.ensure_secrets(self.moto.endpoint)
        from infra.stripe_standin import local as stripe_local

        self.stripe = stripe_local.start(self.url, self.moto.endpoint)
        FrontDoor.api = LocalApi(names=tpl.local_names(overrides))
        self.outbox = OutboxPump(FrontDoor.api, self.dynamodb.endpoint).start()
        self.httpd = FrontDoorServer(("127.0.0.1", self.port), FrontDoor)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, name="front-door", daemon=True).start()
        return self

    def stop(self) -> None:
        if self.outbox:
            self.outbox.stop()
        if self.httpd:
            self.httpd.shutdown()
            self.httpd.server_close()
        if self.stripe:
            self.stripe.stop()
        self.moto.stop()
        self.dynamodb.stop()


def build_site() -> None:
    from infra import site

    site.build()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
    parser.add_argument("--dynamodb-port", type=int, default=int(os.environ.get("DYNAMODB_PORT", 8001)))
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=STATE_DIR / "dynamodb",
        help="where DynamoDB Local keeps its data (default .local/dynamodb)",
    )
    parser.add_argument("--no-build", action="store_true", help="serve site/build as it is")
    parser.add_argument(
        "--demo", action="store_true", help="add a demo client (retainer, invoice, call, intake)"
    )
    args = parser.parse_args(argv)

    if not args.no_build:
        build_site()
    stack = LocalStack(args.port, args.dynamodb_port, args.data_dir)
    stopping = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, lambda *_: stopping.set())
    try:
        stack.start()
        print(
            f"\nThe portal runs offline at {stack.url}/\n"
            f"  site      {stack.url}/   (pricing: {stack.url}/pricing/)\n"
            f"  API       {stack.url}/api/health   {stack.url}/api/catalog   {stack.url}/api/openapi.json\n"
            f"  portal    {stack.url}/account/   {stack.url}/practice/   (sign in by emailed link)\n"
            f"  mail      {stack.url}/_dev/mail   (every email the stack sent)\n"
            f"  DynamoDB  {stack.dynamodb.endpoint}   (data in {stack.dynamodb.data_dir})\n"
            + (
                f"  Stripe    {stack.stripe.url}/   (offline stand-in: subscriptions, renewals, failures)\n"
                if stack.stripe
                else ""
            )
            + "Stop with Ctrl-C.\n",
            flush=True,
        )
        if args.demo:
            from infra.local import demo

            threading.Thread(target=demo.seed, args=(stack.url,), name="demo", daemon=True).start()
        stopping.wait()
    except (RuntimeError, TimeoutError, FileNotFoundError) as error:
        print(f"make dev: {error}", file=sys.stderr)
        return 1
    finally:
        stack.stop()
        print("Stopped.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
