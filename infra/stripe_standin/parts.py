"""The base of each part of the stand-in (catalog, resources, billing, billing portal, invoicing,
clock): the State every part reads and writes, and the calls one part makes into another.

StandIn mixes the parts with State; a part calls what another part defines (the clock creates the
customer resources.py makes, the billing portal cancels through the clock). The declarations below
name those calls for the type checker; StandIn's parts, earlier in its method order, define them.
"""

from __future__ import annotations

from infra.stripe_standin.state import State


class Part(State):
    def live_customer(self, customer_id: str, param: str = "customer") -> dict:
        raise NotImplementedError  # resources.py

    def api_post_customers(self, object_id: str | None, params: dict) -> dict:
        raise NotImplementedError  # resources.py

    def api_post_subscriptions(self, object_id: str | None, params: dict) -> dict:
        raise NotImplementedError  # billing.py

    def invoice_item(
        self,
        customer: dict,
        amount: int,
        currency: str,
        description: str | None,
        metadata: dict | None = None,
        subscription: str | None = None,
        proration: dict | None = None,
        deliver: bool = True,
    ) -> dict:
        raise NotImplementedError  # invoicing.py

    def create_subscription(self, params: dict) -> dict:
        raise NotImplementedError  # clock.py, as are the four below

    def change_plan(
        self, subscription_id: str, price_id: str, proration_behavior: str = "create_prorations"
    ) -> dict:
        raise NotImplementedError

    def cancel(self, subscription_id: str, deliver_event: bool = False) -> dict | None:
        raise NotImplementedError

    def delete_customer(self, customer_id: str) -> list[dict]:
        raise NotImplementedError
