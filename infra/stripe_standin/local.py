"""How `make dev` (infra/local/dev.py) gets its Stripe.

Without STRIPE_SECRET_KEY: the offline stand-in on loopback, its key put in the local stack's SSM
(moto) under the name template.yaml gives the function, STRIPE_API_BASE (honoured on the local
stage only) pointing the functions at it, and `make stripe-sync`'s own code run against it: the
catalog, the billing-portal configuration and the webhook endpoint (pinned API version), whose
signing secret goes to the local SSM as `make deploy` puts a real one in the stack's.

With STRIPE_SECRET_KEY (a test key) and STRIPE_WEBHOOK_SECRET (printed by
`stripe listen --forward-to localhost:8000/api/stripe/webhook`): Stripe itself, same code path.
"""

from __future__ import annotations

import os

from infra import stripe_sync
from infra.local import services
from infra.stripe_standin.server import StandIn


def _put(moto_endpoint: str, name: str, value: str) -> None:
    import boto3

    ssm = boto3.client("ssm", endpoint_url=moto_endpoint, region_name=services.REGION)
    ssm.put_parameter(Name=name, Value=value, Type="SecureString", Overwrite=True)


def _put_secrets(moto_endpoint: str, api_key: str, webhook_secret: str) -> None:
    _put(moto_endpoint, os.environ["STRIPE_SECRET_KEY_PARAM"], api_key)
    _put(moto_endpoint, os.environ["STRIPE_WEBHOOK_SECRET_PARAM"], webhook_secret)


def start(stack_url: str, moto_endpoint: str, port: int | None = None) -> StandIn | None:
    """Sets up Stripe for a local stack whose environment is already in os.environ; returns the
    stand-in it started (stop it with the stack), or None when real Stripe test keys are used."""
    api_key = os.environ.get("STRIPE_SECRET_KEY")
    if api_key:
        secret = os.environ.get("STRIPE_WEBHOOK_SECRET")
        if not secret:
            raise RuntimeError(
                "STRIPE_SECRET_KEY is set but STRIPE_WEBHOOK_SECRET is not: run "
                "`stripe listen --forward-to localhost:PORT/api/stripe/webhook` and set it to the whsec_ "
                "it prints"
            )
        os.environ.pop("STRIPE_API_BASE", None)
        _put_secrets(moto_endpoint, api_key, secret)
        return None
    if port is None:
        preferred = int(os.environ.get("STRIPE_STANDIN_PORT") or 0)
        port = preferred if preferred and services.port_is_free(preferred) else services.free_port()
    standin = StandIn(port=port).start()
    _put(moto_endpoint, os.environ["STRIPE_SECRET_KEY_PARAM"], standin.api_key)
    os.environ["STRIPE_API_BASE"] = standin.url
    stripe_sync.run(
        standin.api_key,
        standin.url,
        return_url=f"{stack_url}/billing/",
        automatic_tax=os.environ.get("CHECKOUT_AUTOMATIC_TAX", "").lower() == "true",
        webhook_url=f"{stack_url}/api/stripe/webhook",
        store_secret=lambda secret: _put(moto_endpoint, os.environ["STRIPE_WEBHOOK_SECRET_PARAM"], secret),
    )
    return standin
