"""The one Stripe client per container, and the secrets it needs.

The secret key and the webhook signing secret(s) are SSM Parameter Store SecureStrings, read by
name with Powertools Parameters (cached five minutes); never environment values. Locally the stack
puts them in its moto SSM, so this same code path runs there.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from aws_lambda_powertools import Logger

from portal.settings import SECRET_MAX_AGE_SECONDS, ConfigurationError, settings

if TYPE_CHECKING:
    from stripe import StripeClient

logger = Logger(child=True)

#: The Stripe API version every request and every webhook endpoint uses: pinned here, only here.
API_VERSION = "2026-10-28.endive"
MAX_NETWORK_RETRIES = 2


def _secret(name: str | None, what: str) -> str:
    from aws_lambda_powertools.utilities import parameters

    if not name:
        raise ConfigurationError(f"the SSM parameter name of the {what} is not configured")
    value = parameters.get_parameter(name, decrypt=True, max_age=SECRET_MAX_AGE_SECONDS)
    if not value or not value.strip():
        raise ConfigurationError(f"the SSM parameter of the {what} is empty")
    return value.strip()


def webhook_secrets() -> list[str]:
    """Every signing secret accepted now: several, comma-separated, while one is being rotated."""
    raw = _secret(settings().stripe_webhook_secret_param, "Stripe webhook secret")
    return [part.strip() for part in raw.split(",") if part.strip()]


def api_base() -> str | None:
    """The local stand-in's address, honoured only on the local stage: a deployed function
    always talks to Stripe, whatever its environment says."""
    current = settings()
    if not current.stripe_api_base:
        return None
    if not current.is_local:
        logger.warning("STRIPE_API_BASE is ignored outside the local stage")
        return None
    return current.stripe_api_base


def client() -> StripeClient:
    """The StripeClient for the current secret key (rebuilt only when the key is rotated)."""
    return build(_secret(settings().stripe_secret_key_param, "Stripe secret key"), api_base())


@lru_cache(maxsize=2)
def build(api_key: str, base: str | None) -> StripeClient:
    import stripe

    return stripe.StripeClient(
        api_key,
        stripe_version=API_VERSION,
        max_network_retries=MAX_NETWORK_RETRIES,
        base_addresses={"api": base} if base else None,
    )


def reset() -> None:
    """Forgets cached secrets and clients (tests, and after a rotation in a long-lived process)."""
    from aws_lambda_powertools.utilities import parameters

    parameters.clear_caches()  # type: ignore[no-untyped-call]  # Powertools leaves it unannotated  # type: ignore[no-untyped-call]  # Powertools leaves it unannotated
    build.cache_clear()
