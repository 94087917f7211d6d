"""Stripe retainers: checkout, webhooks, the billing portal and the catalog sync.

The only package that imports `stripe` (about 250 ms): other functions never pay for it.
"""
