"""The stand-in: Stripe's API for products, prices, customers, Checkout Sessions (subscription and
payment mode), subscriptions, invoices and their lines, invoice items, billing-portal sessions and
configurations and webhook endpoints (Stripe's shapes at the SDK's API version, form-encoded
requests, Idempotency-Key honoured, in memory); a hosted checkout page where a person pays or is
declined; a billing portal that changes plans (with prorations) and cancels; and a front page that
plays Stripe's test clocks: renew, fail a renewal, cancel, delete the customer, expire an
incomplete subscription. Events are signed with the real algorithm and posted, in Stripe's order,
to every webhook endpoint that listens for them.

The state (what Stripe keeps, and how its API and its people change it):

    state.py           objects, lists, idempotency, events and their delivery
    catalog.py         products, prices
    resources.py       customers, checkout sessions
    billing.py         subscriptions, invoices, invoice items, webhook endpoints
    invoicing.py       how subscriptions and invoices are built (lines.py: an invoice's lines)
    billing_portal.py  billing-portal configurations and sessions, and what a portal lets a customer do
    clock.py           what time and people do: pay, renew, fail, change plan, cancel, delete, expire

Over HTTP (this module's `start()`):

    handler.py         the HTTP server: the API under /v1/ and the pages' addresses
    pages.py           the pages' HTML, drawn from the state
"""

from __future__ import annotations

import threading

from infra.stripe_standin.billing import Billing
from infra.stripe_standin.billing_portal import BillingPortal
from infra.stripe_standin.catalog import Catalog
from infra.stripe_standin.clock import Clock
from infra.stripe_standin.pages import BANNER
from infra.stripe_standin.resources import Resources
from infra.stripe_standin.state import API_VERSION, MONTH, ApiError, State, new_id

__all__ = ["API_VERSION", "BANNER", "MONTH", "ApiError", "StandIn", "new_id"]


class StandIn(Clock, BillingPortal, Billing, Resources, Catalog, State):
    """State and behaviour; `start()` serves it over HTTP on loopback."""

    # How often the serving loop looks for stop(): stop() waits for it, and the tests start and stop
    # a stand-in many times (socketserver's 0.5 s default cost them seconds of waiting).
    POLL_SECONDS = 0.05

    def start(self):
        from http.server import ThreadingHTTPServer

        from infra.stripe_standin.handler import Handler

        standin = self

        class Bound(Handler):
            owner = standin

        httpd = ThreadingHTTPServer(("127.0.0.1", self.port), Bound)
        httpd.daemon_threads = True
        self.port = httpd.server_address[1]
        self.httpd = httpd
        threading.Thread(
            target=httpd.serve_forever, args=(self.POLL_SECONDS,), name="stripe-standin", daemon=True
        ).start()
        return self

    def stop(self) -> None:
        if self.httpd:
            self.httpd.shutdown()
            self.httpd.server_close()
