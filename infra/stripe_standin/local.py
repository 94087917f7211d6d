"""How `make dev` (infra/local/dev.py) gets its Stripe.

Without STRIPE_SECRET_KEY: the offline stand-in on loopback, its key and webhook secret put in the
local stack's SSM (moto) under the names template.yaml gives the function, the catalog synced into
it, and STRIPE_API_BASE (honoured on the local stage only) pointing the functions at it.

With STRIPE_SECRET_KEY (a test key) and STRIPE_WEBHOOK_SECRET (printed by
`stripe listen --forward-to localhost:8000/api/stripe/webhook`): Stripe itself, same code path.
"""
from __future__ import annotations

import os

from infra import stripe_sync
from infra.local import services
from infra.stripe_standin.server import StandIn


def _put_secrets(moto_endpoint: str, api_key: str, webhook_secret: str) -> None:
    import boto3

    ssm = boto3.client("ssm", endpoint_url=moto_endpoint, region_name=services.REGION)
    for name, value in ((os.environ["STRIPE_SECRET_KEY_PARAM"], api_key),
                        (os.environ["STRIPE_WEBHOOK_SECRET_PARAM"], webhook_secret)):
        ssm.put_parameter(Name=name, Value=value, Type="SecureString", Overwrite=True)


def start(stack_url: str, moto_endpoint: str, port: int | None = None) -> StandIn | None:
    """Sets up Stripe for a local stack whose environment is already in os.environ; returns the
    stand-in it started (stop it with the stack), or None when real Stripe test keys are used."""
    api_key = os.environ.get("STRIPE_SECRET_KEY")
    if api_key:
        secret = os.environ.get("STRIPE_WEBHOOK_SECRET")
        if not secret:
            raise RuntimeError("STRIPE_SECRET_KEY is set but STRIPE_WEBHOOK_SECRET is not: run "
                               "`stripe listen --forward-to localhost:PORT/api/stripe/webhook` and set it to the whsec_ it prints")
        os.environ.pop("STRIPE_API_BASE", None)
        _put_secrets(moto_endpoint, api_key, secret)
        return None
    if port is None:
        preferred = int(os.environ.get("STRIPE_STANDIN_PORT") or 0)
        port = preferred if preferred and services.port_is_free(preferred) else services.free_port()
    standin = StandIn(webhook_url=f"{stack_url}/api/stripe/webhook", port=port).start()
    _put_secrets(moto_endpoint, standin.api_key, standin.webhook_secret)
    os.environ["STRIPE_API_BASE"] = standin.url
    stripe_sync.run(standin.api_key, standin.url)
    return standin
