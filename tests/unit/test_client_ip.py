"""Per-IP limits count visitors: CloudFront's viewer address only when CloudFront vouches for it,
with the origin secret Secrets Manager generated (and, while it is being rotated, the one before)."""

import boto3
import pytest
from aws_lambda_powertools.utilities import parameters
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2

from portal import client_ip
from portal.settings import settings

SECRET = "0f1e2d3c4b5a69788a9babcdefabcdef"
NAME = "OriginVerifySecret"


def event(**headers) -> APIGatewayProxyEventV2:
    return APIGatewayProxyEventV2(
        {"headers": headers, "requestContext": {"http": {"sourceIp": "130.176.1.1"}}}
    )


def viewer(secret: str) -> str:
    return client_ip.source_ip(
        event(**{"x-origin-verify": secret, "cloudfront-viewer-address": "203.0.113.7:4431"})
    )


@pytest.fixture
def behind_cloudfront(aws, monkeypatch):
    manager = boto3.client("secretsmanager")
    manager.put_secret_value(SecretId=NAME, SecretString=SECRET)  # the template's secret, as generated
    monkeypatch.setenv("ORIGIN_VERIFY_SECRET", NAME)
    settings.cache_clear()
    client_ip.forget()
    yield manager
    settings.cache_clear()
    client_ip.forget()


def test_viewer_address_is_believed_with_the_origin_secret(behind_cloudfront):
    found = client_ip.source_ip(
        event(**{"x-origin-verify": SECRET, "cloudfront-viewer-address": "203.0.113.7:4431"})
    )
    assert found == "203.0.113.7"


def test_ipv6_viewer_address(behind_cloudfront):
    found = client_ip.source_ip(
        event(**{"x-origin-verify": SECRET, "cloudfront-viewer-address": "2001:db8::7:4431"})
    )
    assert found == "2001:db8::7"


@pytest.mark.parametrize(
    "forwarded", ["198.51.100.9, 130.176.1.1", "198.51.100.9", "10.0.0.1, 198.51.100.9, 130.176.1.1"]
)
def test_without_the_viewer_header_cloudfronts_forwarded_for_entry_counts(behind_cloudfront, forwarded):
    # CloudFront appends the viewer to X-Forwarded-For (after whatever the viewer sent); API Gateway
    # may append the CloudFront server it saw (the connection's address).
    assert (
        client_ip.source_ip(event(**{"x-origin-verify": SECRET, "x-forwarded-for": forwarded}))
        == "198.51.100.9"
    )


@pytest.mark.parametrize(
    "headers",
    [
        {"cloudfront-viewer-address": "203.0.113.7:4431"},  # a direct caller claiming an address
        {"x-origin-verify": "guess", "cloudfront-viewer-address": "203.0.113.7:4431"},
        {"x-origin-verify": SECRET},
        {"x-origin-verify": SECRET, "cloudfront-viewer-address": "not an address"},
        {"x-forwarded-for": "198.51.100.9, 130.176.1.1"},  # no secret: forwarded-for is anyone's to write
    ],
)
def test_otherwise_the_connection_address_counts(behind_cloudfront, headers):
    assert client_ip.source_ip(event(**headers)) == "130.176.1.1"


def test_without_cloudfront_the_connection_address_counts(aws):
    assert settings().origin_verify_secret == ""
    found = client_ip.source_ip(
        event(**{"x-origin-verify": SECRET, "cloudfront-viewer-address": "203.0.113.7:1"})
    )
    assert found == "130.176.1.1"


def test_a_rotated_secret_is_accepted_with_the_one_before_it_and_no_older(behind_cloudfront, monkeypatch):
    assert viewer(SECRET) == "203.0.113.7"
    behind_cloudfront.put_secret_value(SecretId=NAME, SecretString="second-value-0123456789abcdef")
    behind_cloudfront.put_secret_value(SecretId=NAME, SecretString="third-value-0123456789abcdefab")
    client_ip.forget()  # what SECRET_MAX_AGE_SECONDS does in a container
    assert viewer("third-value-0123456789abcdefab") == "203.0.113.7"  # CloudFront updated already
    assert viewer("second-value-0123456789abcdef") == "203.0.113.7"  # CloudFront still sending the previous
    assert viewer(SECRET) == "130.176.1.1"  # two rotations ago: no longer vouches for anything
    assert viewer("guess") == "130.176.1.1"


def test_the_secret_is_read_once_per_few_minutes_even_when_callers_guess(behind_cloudfront, monkeypatch):
    calls = []
    original = parameters.SecretsProvider._get

    def counting(self, name, **options):
        calls.append(options.get("VersionStage", "AWSCURRENT"))
        return original(self, name, **options)

    monkeypatch.setattr(parameters.SecretsProvider, "_get", counting)
    for _ in range(5):
        assert viewer(SECRET) == "203.0.113.7"
        assert viewer("guess") == "130.176.1.1"  # looks for a previous value: there is none yet
    assert calls == ["AWSCURRENT", "AWSPREVIOUS"]
    assert client_ip.SECRET_MAX_AGE_SECONDS <= 300


def test_secrets_manager_unreachable_counts_the_connection_not_a_500(behind_cloudfront, monkeypatch):
    def down(self, name, **options):
        raise ConnectionError("endpoint unreachable")

    monkeypatch.setattr(parameters.SecretsProvider, "_get", down)
    assert viewer(SECRET) == "130.176.1.1"
