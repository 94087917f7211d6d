"""Where the Stripe client's key, secrets and address come from; the catalog sync."""
from __future__ import annotations

import pytest

from infra.local import template as tpl
from infra.stripe_standin import StandIn
from portal import catalog
from portal import settings as settings_module
from portal.billing import stripe_client, sync


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
    env = {**tpl.load()["Globals"]["Function"]["Environment"]["Variables"], **billing["Environment"]["Variables"]}
    assert "STRIPE_API_BASE" not in env
    assert not [name for name in env if "STRIPE" in name and not name.endswith("_PARAM")]
    granted = [p["SSMParameterReadPolicy"]["ParameterName"] for p in billing["Policies"] if "SSMParameterReadPolicy" in p]
    assert granted == [{"Ref": "StripeSecretKeyParameter"}, {"Ref": "StripeWebhookSecretParameter"}]


def test_secrets_come_from_ssm_and_a_rotated_key_gets_a_new_client(billing):
    import boto3

    first = stripe_client.client()
    assert stripe_client.client() is first
    boto3.client("ssm").put_parameter(Name="/va-portal/stripe/secret-key", Value="sk_test_rotated",
                                      Type="SecureString", Overwrite=True)
    stripe_client.reset()
    assert stripe_client.client() is not first


def test_sync_is_idempotent_and_a_new_amount_moves_the_lookup_key(monkeypatch):
    standin = StandIn().start()
    try:
        client = stripe_client.build(standin.api_key, standin.url)
        created = sync.sync(client)
        tiers = catalog.catalog().tiers
        assert len(created) == 2 * len(tiers)
        assert sync.sync(client) == []
        old = next(p for p in standin.objects["prices"].values() if p["lookup_key"] == "essentials-10")
        changed = catalog.catalog().model_copy(update={"tiers": [
            t.model_copy(update={"price": 42000}) if t.id == "essentials-10" else t for t in tiers]})
        monkeypatch.setattr(catalog, "catalog", lambda: changed)
        changes = sync.sync(client)
        assert [c.split(":")[0] for c in changes] == ["essentials-10", "essentials-10"]
        new = next(p for p in standin.objects["prices"].values() if p["lookup_key"] == "essentials-10")
        assert (new["unit_amount"], new["product"], new["active"]) == (42000, old["product"], True)
        assert (old["lookup_key"], old["active"], old["unit_amount"]) == (None, False, 40000)  # kept for its subscribers
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


def test_stripe_sync_reads_the_deployed_stacks_key_from_ssm(aws):
    import json

    import boto3

    from infra import stripe_sync

    boto3.client("cloudformation").create_stack(
        StackName="va-portal",
        TemplateBody=json.dumps({"Parameters": {"StripeSecretKeyParameter": {"Type": "String"}},
                                 "Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}}),
        Parameters=[{"ParameterKey": "StripeSecretKeyParameter", "ParameterValue": "va-portal/stripe/secret-key"}])
    boto3.client("ssm").put_parameter(Name="/va-portal/stripe/secret-key", Value="sk_test_deployed\n",
                                      Type="SecureString")
    assert stripe_sync.key_of_stack("va-portal", "us-east-1") == "sk_test_deployed"
