"""`make stripe-sync`: the catalog, the billing-portal configuration and the webhook endpoint in Stripe.

    STACK_NAME=va-portal AWS_REGION=eu-west-1 make stripe-sync    # what `make deploy` runs: all three
    STRIPE_SECRET_KEY=sk_test_... make stripe-sync              # catalog and portal (no endpoint: no URL)
    STRIPE_SECRET_KEY=sk_test_... STRIPE_WEBHOOK_URL=https://.../api/stripe/webhook make stripe-sync
    make stripe-sync STRIPE_API_BASE=http://127.0.0.1:N          # a running offline stand-in

With STACK_NAME it reads the Stripe key from the SSM parameter the stack names, the site's address
and CheckoutAutomaticTax from the stack, creates the webhook endpoint at <site>/api/stripe/webhook
in the pinned API version (portal/billing/stripe_client.py) and stores its signing secret in the
stack's webhook-secret SSM parameter. Running it twice changes nothing; see
portal/billing/sync.py for price changes, the portal configuration and endpoint replacement.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "functions"))


def run(
    api_key: str,
    api_base: str | None = None,
    *,
    automatic_tax: bool = False,
    tax_behavior: str = "exclusive",
    return_url: str | None = None,
    webhook_url: str | None = None,
    store_secret=None,
) -> list[str]:
    from portal.billing.stripe_client import build
    from portal.billing.sync import sync, sync_webhook

    stripe = build(api_key, api_base)
    changes = sync(stripe, automatic_tax=automatic_tax, tax_behavior=tax_behavior, return_url=return_url)
    if webhook_url:
        changes += sync_webhook(stripe, webhook_url, store_secret or _print_secret)
    return changes


def _print_secret(secret: str) -> None:
    print(
        "The new webhook endpoint's signing secret (shown once): put it in the SSM SecureString the "
        f"function reads (README, 'Deploying to AWS', step 2):\n  {secret}",
        file=sys.stderr,
    )


def describe_stack(stack: str, region: str | None) -> tuple[dict, dict]:
    """(parameters, outputs) of a deployed stack."""
    import boto3

    cloudformation = boto3.client("cloudformation", region_name=region)
    (described,) = cloudformation.describe_stacks(StackName=stack)["Stacks"]
    return (
        {p["ParameterKey"]: p.get("ParameterValue", "") for p in described.get("Parameters", [])},
        {o["OutputKey"]: o["OutputValue"] for o in described.get("Outputs", [])},
    )


def _ssm_name(parameter: str) -> str:
    return "/" + parameter.lstrip("/")


def key_of_stack(stack: str, region: str | None) -> str:
    """The Stripe secret key a deployed stack uses: the SSM SecureString its
    StripeSecretKeyParameter names (what `make deploy` runs this with)."""
    import boto3

    parameters, _ = describe_stack(stack, region)
    ssm = boto3.client("ssm", region_name=region)
    name = _ssm_name(parameters["StripeSecretKeyParameter"])
    return ssm.get_parameter(Name=name, WithDecryption=True)["Parameter"]["Value"].strip()


def secret_store(parameter: str, region: str | None):
    """Stores a webhook signing secret in the stack's SSM SecureString (the function reads it
    within five minutes; Stripe retries what it refused meanwhile)."""

    def store(secret: str) -> None:
        import boto3

        boto3.client("ssm", region_name=region).put_parameter(
            Name=_ssm_name(parameter), Value=secret, Type="SecureString", Overwrite=True
        )

    return store


def stack_options(stack: str, region: str | None) -> dict:
    """Everything `run` needs for a deployed stack."""
    parameters, outputs = describe_stack(stack, region)
    site = outputs["SiteUrl"].rstrip("/")
    return {
        "api_key": key_of_stack(stack, region),
        "return_url": f"{site}/billing/",
        "automatic_tax": parameters.get("CheckoutAutomaticTax", "false").lower() == "true",
        "webhook_url": f"{site}/api/stripe/webhook",
        "store_secret": secret_store(parameters["StripeWebhookSecretParameter"], region),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--api-base",
        default=os.environ.get("STRIPE_API_BASE") or None,
        help="a local stand-in's address instead of api.stripe.com",
    )
    parser.add_argument(
        "--webhook-url",
        default=os.environ.get("STRIPE_WEBHOOK_URL") or None,
        help="create the webhook endpoint there (with STACK_NAME: the stack's own address)",
    )
    parser.add_argument(
        "--tax-behavior",
        default=os.environ.get("STRIPE_TAX_BEHAVIOR") or "exclusive",
        choices=("exclusive", "inclusive"),
        help="prices' tax_behavior when automatic tax is on",
    )
    args = parser.parse_args(argv)
    options = {
        "automatic_tax": os.environ.get("CHECKOUT_AUTOMATIC_TAX", "").lower() == "true",
        "return_url": (os.environ.get("SITE_ORIGIN") or "").rstrip("/") + "/billing/"
        if os.environ.get("SITE_ORIGIN")
        else None,
        "webhook_url": args.webhook_url,
    }
    api_key = os.environ.get("STRIPE_SECRET_KEY") or ("sk_test_standin" if args.api_base else "")
    if not api_key and os.environ.get("STACK_NAME"):
        options = stack_options(os.environ["STACK_NAME"], os.environ.get("AWS_REGION"))
        api_key = options.pop("api_key")
    if not api_key:
        print(
            "stripe-sync: set STRIPE_SECRET_KEY, or STACK_NAME (and AWS_REGION) of a deployed stack, "
            "or STRIPE_API_BASE for the offline stand-in",
            file=sys.stderr,
        )
        return 2
    changes = run(api_key, args.api_base, tax_behavior=args.tax_behavior, **options)
    print("\n".join(changes) if changes else "Stripe already matches the catalog: nothing changed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
