"""`make stripe-sync`: creates or updates a Product and a monthly Price per catalog tier in Stripe.

    STRIPE_SECRET_KEY=sk_test_... make stripe-sync              # your Stripe account (test or live)
    STACK_NAME=va-portal AWS_REGION=eu-west-1 make stripe-sync    # the key the deployed stack uses (SSM)
    make stripe-sync STRIPE_API_BASE=http://127.0.0.1:N          # a running offline stand-in

Running it twice changes nothing; see portal/billing/sync.py for how a price change is handled.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "functions"))


def run(api_key: str, api_base: str | None = None) -> list[str]:
    from portal.billing.stripe_client import build
    from portal.billing.sync import sync

    return sync(build(api_key, api_base))


def key_of_stack(stack: str, region: str | None) -> str:
    """The Stripe secret key a deployed stack uses: the SSM SecureString its
    StripeSecretKeyParameter names (what `make deploy` runs this with)."""
    import boto3

    cloudformation = boto3.client("cloudformation", region_name=region)
    (described,) = cloudformation.describe_stacks(StackName=stack)["Stacks"]
    parameters = {p["ParameterKey"]: p["ParameterValue"] for p in described.get("Parameters", [])}
    name = "/" + parameters["StripeSecretKeyParameter"].lstrip("/")
    ssm = boto3.client("ssm", region_name=region)
    return ssm.get_parameter(Name=name, WithDecryption=True)["Parameter"]["Value"].strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--api-base", default=os.environ.get("STRIPE_API_BASE") or None,
                        help="a local stand-in's address instead of api.stripe.com")
    args = parser.parse_args(argv)
    api_key = os.environ.get("STRIPE_SECRET_KEY") or ("sk_test_standin" if args.api_base else "")
    if not api_key and os.environ.get("STACK_NAME"):
        api_key = key_of_stack(os.environ["STACK_NAME"], os.environ.get("AWS_REGION"))
    if not api_key:
        print("stripe-sync: set STRIPE_SECRET_KEY, or STACK_NAME (and AWS_REGION) of a deployed stack, "
              "or STRIPE_API_BASE for the offline stand-in", file=sys.stderr)
        return 2
    changes = run(api_key, args.api_base)
    print("\n".join(changes) if changes else "Stripe already matches the catalog: nothing changed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
