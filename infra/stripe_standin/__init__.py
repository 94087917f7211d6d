"""An offline stand-in for the parts of Stripe the portal uses (local work and tests only).

Lives outside functions/ and template.yaml: a deployed stack can never reach it, and the portal
honours its address (STRIPE_API_BASE) only on the local stage.
"""

from infra.stripe_standin.server import StandIn

__all__ = ["StandIn"]
