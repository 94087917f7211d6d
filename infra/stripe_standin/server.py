"""The stand-in: Stripe's API for products, prices, customers, Checkout Sessions (subscription and
payment mode), subscriptions, invoices and their lines, invoice items, billing-portal sessions and
configurations and webhook endpoints (Stripe's shapes at the SDK's API version, form-encoded
requests, Idempotency-Key honoured, in memory); a hosted checkout page where a person pays or is
declined; a billing portal that changes plans (with prorations) and cancels; and a front page that
plays Stripe's test clocks: renew, fail a renewal, cancel, delete the customer, expire an
incomplete subscription. Events are signed with the real algorithm and posted, in Stripe's order,
to every webhook endpoint that listens for them.

    state.py      objects, lists, idempotency, events and their delivery
    resources.py  products, prices, customers, checkout sessions
    billing.py    subscriptions, invoices, invoice items, billing portal, webhook endpoints
    clock.py      what time and people do: pay, renew, fail, change plan, cancel, delete, expire
    pages.py      the HTTP server's API and pages
"""

from __future__ import annotations

from infra.stripe_standin.billing import Billing
from infra.stripe_standin.clock import Clock
from infra.stripe_standin.pages import BANNER
from infra.stripe_standin.resources import Resources
from infra.stripe_standin.state import API_VERSION, MONTH, ApiError, State, new_id

__all__ = ["API_VERSION", "BANNER", "MONTH", "ApiError", "StandIn", "new_id"]


class StandIn(Clock, Billing, Resources, State):
    """State and behaviour; `start()` serves it over HTTP on loopback."""
