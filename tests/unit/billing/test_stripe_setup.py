"""Where the Stripe client's key, secrets and address come from; the catalog sync."""

from __future__ import annotations

import json

import pytest

from infra.local import template as tpl
from infra.stripe_standin import StandIn
from portal import catalog
from portal import settings as settings_module
from portal.billing import lifecycle, stripe_client, sync


@pytest.fixture
def stage(monkeypatch):
    def set_stage(value: str, base: str | None = "http://127.0.0.1:1"):
        monkeypatch.setenv("STAGE", value)
        if base:
            monkeypatch.setenv("STRIPE_API_BASE", base)
        settings_module.settings.cache_clear()

    yield set_stage
    monkeypatch.undo()
    settings_module.settings.cache_clear()


def test_the_stand_in_address_is_refused_outside_the_local_stage(stage):
    stage("prod")
    assert stripe_client.api_base() is None
    stage("local")
    assert stripe_client.api_base() == "http://127.0.0.1:1"


def test_the_deployed_client_talks_to_stripe_with_the_pinned_version(stage):
    import stripe

    stage("prod")
    client = stripe_client.build("sk_test_x", stripe_client.api_base())
    assert client._requestor._options.base_addresses.get("api") in (None, stripe.DEFAULT_API_BASE)
    assert stripe_client.API_VERSION == stripe.api_version  # the SDK's own pin: shapes match


def test_the_template_keeps_secrets_out_of_the_environment_and_grants_only_their_parameters():
    billing = tpl.resources(kind="AWS::Serverless::Function")["BillingFunction"]["Properties"]
    env = {
        **tpl.load()["Globals"]["Function"]["Environment"]["Variables"],
        **billing["Environment"]["Variables"],
    }
    assert "STRIPE_API_BASE" not in env
    assert not [name for name in env if "STRIPE" in name and not name.endswith("_PARAM")]
    granted = [
        s
        for p in billing["Policies"]
        if "Statement" in p
        for s in p["Statement"]
        if "ssm:GetParameter" in json.dumps(s["Action"])
    ]
    assert len(granted) == 1 and granted[0]["Action"] == "ssm:GetParameter"
    assert [r["Fn::Sub"].rsplit("/", 1)[1] for r in granted[0]["Resource"]] == [
        "${StripeSecretKeyParameter}",
        "${StripeWebhookSecretParameter}",
    ]


def test_secrets_come_from_ssm_and_a_rotated_key_gets_a_new_client(billing):
    import boto3

    first = stripe_client.client()
    assert stripe_client.client() is first
    boto3.client("ssm").put_parameter(
        Name="/va-portal/stripe/secret-key", Value="sk_test_rotated", Type="SecureString", Overwrite=True
    )
    stripe_client.reset()
    assert stripe_client.client() is not first


def test_sync_is_idempotent_and_a_new_amount_moves_the_lookup_key(monkeypatch):
    standin = StandIn().start()
    try:
        client = stripe_client.build(standin.api_key, standin.url)
        created = sync.sync(client)
        tiers = catalog.catalog().tiers
        assert len([c for c in created if c.split(":")[0] in {t.id for t in tiers}]) == 2 * len(tiers)
        assert any(
            c.startswith("essentials-10: created price ") and c.endswith(" ($400 a month)") for c in created
        )
        assert [c.split(" bpc_")[0] for c in created if c.startswith("billing portal")] == [
            "billing portal: created configuration"
        ]
        assert sync.sync(client) == []
        old = next(p for p in standin.objects["prices"].values() if p["lookup_key"] == "essentials-10")
        changed = catalog.catalog().model_copy(
            update={
                "tiers": [
                    t.model_copy(update={"price": 42000}) if t.id == "essentials-10" else t for t in tiers
                ]
            }
        )
        monkeypatch.setattr(catalog, "catalog", lambda: changed)
        changes = sync.sync(client)
        assert [c.split(":")[0] for c in changes] == ["essentials-10", "essentials-10", "billing portal"]
        new = next(p for p in standin.objects["prices"].values() if p["lookup_key"] == "essentials-10")
        assert (new["unit_amount"], new["product"], new["active"]) == (42000, old["product"], True)
        assert (old["lookup_key"], old["active"], old["unit_amount"]) == (
            None,
            False,
            40000,
        )  # kept for its subscribers
        assert sync.sync(client) == []
    finally:
        standin.stop()


def test_make_stripe_sync_runs_against_the_stand_in(capsys):
    from infra import stripe_sync

    standin = StandIn().start()
    try:
        assert stripe_sync.main(["--api-base", standin.url]) == 0
        assert stripe_sync.main(["--api-base", standin.url]) == 0
    finally:
        standin.stop()
    assert capsys.readouterr().out.strip().endswith("nothing changed.")


def portal_configuration(standin) -> dict:
    (ours,) = [c for c in standin.objects["billing_portal_configurations"].values() if not c["is_default"]]
    return ours


def test_the_billing_portal_configuration_comes_from_code_and_follows_the_prices():
    standin = StandIn().start()
    try:
        client = stripe_client.build(standin.api_key, standin.url)
        sync.sync(client, return_url="https://www.example.com/billing/")
        features = portal_configuration(standin)["features"]
        prices = {p["id"] for p in standin.objects["prices"].values() if p["lookup_key"]}
        assert {
            price for product in features["subscription_update"]["products"] for price in product["prices"]
        } == prices
        assert (
            features["subscription_update"]["enabled"],
            features["subscription_update"]["proration_behavior"],
            features["subscription_update"]["default_allowed_updates"],
        ) == (True, "create_prorations", ["price"])
        assert (features["subscription_cancel"]["enabled"], features["subscription_cancel"]["mode"]) == (
            True,
            "at_period_end",
        )
        assert features["invoice_history"]["enabled"] and features["payment_method_update"]["enabled"]
        assert portal_configuration(standin)["default_return_url"] == "https://www.example.com/billing/"
        assert sync.sync(client, return_url="https://www.example.com/billing/") == []
        price = next(p for p in standin.objects["prices"].values() if p["lookup_key"] == "essentials-10")
        client.v1.prices.update(price["id"], params={"lookup_key": "retired", "active": False})
        changes = sync.sync(client, return_url="https://www.example.com/billing/")
        assert changes[-1].startswith("billing portal: updated configuration")
        new = next(p for p in standin.objects["prices"].values() if p["lookup_key"] == "essentials-10")
        products = portal_configuration(standin)["features"]["subscription_update"]["products"]
        assert new["id"] in [price for product in products for price in product["prices"]]
        assert (
            len([c for c in standin.objects["billing_portal_configurations"].values() if not c["is_default"]])
            == 1
        )
    finally:
        standin.stop()


def test_automatic_tax_gives_every_price_a_tax_behavior_and_a_fixed_one_a_new_price():
    standin = StandIn().start()
    try:
        client = stripe_client.build(standin.api_key, standin.url)
        sync.sync(client)
        assert {p["tax_behavior"] for p in standin.objects["prices"].values()} == {"unspecified"}
        changes = sync.sync(client, automatic_tax=True)
        assert len([c for c in changes if c.endswith("is now tax-exclusive")]) == len(catalog.catalog().tiers)
        assert sync.sync(client, automatic_tax=True) == []
        changes = sync.sync(client, automatic_tax=True, tax_behavior="inclusive")  # cannot change: new prices
        assert len([c for c in changes if "created price" in c]) == len(catalog.catalog().tiers)
        live = [p for p in standin.objects["prices"].values() if p["lookup_key"]]
        assert {p["tax_behavior"] for p in live} == {"inclusive"} and all(p["active"] for p in live)
    finally:
        standin.stop()


def test_the_webhook_endpoint_is_created_in_the_pinned_api_version_and_replaces_another():
    from infra.stripe_standin.state import API_VERSION

    standin = StandIn().start()
    try:
        client = stripe_client.build(standin.api_key, standin.url)
        url, stored = "https://www.example.com/api/stripe/webhook", []
        old = standin.add_endpoint(url, ["invoice.paid"], api_version="2024-06-20")  # made in the Dashboard
        other = standin.add_endpoint("https://elsewhere.example/hook", ["*"], api_version="2024-06-20")

        def store(secret):
            assert old["id"] in standin.objects["webhook_endpoints"]  # stored before the old one goes
            stored.append(secret)

        changes = sync.sync_webhook(client, url, store)
        (endpoint,) = [e for e in standin.objects["webhook_endpoints"].values() if e["url"] == url]
        assert (endpoint["api_version"], endpoint["status"]) == (stripe_client.API_VERSION, "enabled")
        assert stripe_client.API_VERSION == API_VERSION
        assert sorted(endpoint["enabled_events"]) == sorted(lifecycle.HANDLED)
        assert "customer.deleted" in endpoint["enabled_events"]
        assert stored == [standin.hidden[endpoint["id"]]["secret"]]
        assert [c.split(" ")[1:3] for c in changes] == [["created", "endpoint"], ["deleted", "endpoint"]]
        assert other["id"] in standin.objects["webhook_endpoints"]  # not ours to touch
        assert sync.sync_webhook(client, url, stored.append) == [] and len(stored) == 1
        client.v1.webhook_endpoints.update(endpoint["id"], params={"disabled": True, "enabled_events": ["*"]})
        assert sync.sync_webhook(client, url, stored.append) == [
            f"webhook: updated endpoint {endpoint['id']} (events, enabled)"
        ]
        assert standin.objects["webhook_endpoints"][endpoint["id"]]["status"] == "enabled"
    finally:
        standin.stop()


def test_stripe_sync_for_a_stack_creates_the_endpoint_and_stores_its_secret_in_ssm(aws):
    import json

    import boto3

    from infra import stripe_sync

    boto3.client("cloudformation").create_stack(
        StackName="va-portal",
        TemplateBody=json.dumps(
            {
                "Parameters": {
                    name: {"Type": "String"}
                    for name in (
                        "StripeSecretKeyParameter",
                        "StripeWebhookSecretParameter",
                        "CheckoutAutomaticTax",
                    )
                },
                "Resources": {"Topic": {"Type": "AWS::SNS::Topic"}},
                "Outputs": {"SiteUrl": {"Value": "https://www.example.com"}},
            }
        ),
        Parameters=[
            {"ParameterKey": "StripeSecretKeyParameter", "ParameterValue": "va-portal/stripe/secret-key"},
            {
                "ParameterKey": "StripeWebhookSecretParameter",
                "ParameterValue": "va-portal/stripe/webhook-secret",
            },
            {"ParameterKey": "CheckoutAutomaticTax", "ParameterValue": "true"},
        ],
    )
    standin = StandIn().start()
    try:
        boto3.client("ssm").put_parameter(
            Name="/va-portal/stripe/secret-key", Value=standin.api_key, Type="SecureString", Overwrite=True
        )
        options = stripe_sync.stack_options("va-portal", "us-east-1")
        assert (options["webhook_url"], options["return_url"], options["automatic_tax"]) == (
            "https://www.example.com/api/stripe/webhook",
            "https://www.example.com/billing/",
            True,
        )
        stripe_sync.run(options.pop("api_key"), standin.url, **options)
        (endpoint,) = standin.objects["webhook_endpoints"].values()
        secret = boto3.client("ssm").get_parameter(
            Name="/va-portal/stripe/webhook-secret", WithDecryption=True
        )["Parameter"]["Value"]
        assert secret == standin.hidden[endpoint["id"]]["secret"]
        assert {p["tax_behavior"] for p in standin.objects["prices"].values()} == {"exclusive"}
    finally:
        standin.stop()


def test_stripe_sync_reads_the_deployed_stacks_key_from_ssm(aws):
    import json

    import boto3

    from infra import stripe_sync

    boto3.client("cloudformation").create_stack(
        StackName="va-portal",
        TemplateBody=json.dumps(
            {
                "Parameters": {"StripeSecretKeyParameter": {"Type": "String"}},
                "Resources": {"Topic": {"Type": "AWS::SNS::Topic"}},
            }
        ),
        Parameters=[
            {"ParameterKey": "StripeSecretKeyParameter", "ParameterValue": "va-portal/stripe/secret-key"}
        ],
    )
    boto3.client("ssm").put_parameter(
        Name="/va-portal/stripe/secret-key", Value="sk_test_deployed\n", Type="SecureString"
    )
    assert stripe_sync.key_of_stack("va-portal", "us-east-1") == "sk_test_deployed"
