"""Per-IP limits count visitors: CloudFront's viewer address only when CloudFront vouches for it."""
import boto3
import pytest
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2

from portal import client_ip
from portal.settings import settings

SECRET = "0f1e2d3c-4b5a-6978-8a9b-abcdefabcdef"


def event(**headers) -> APIGatewayProxyEventV2:
    return APIGatewayProxyEventV2({"headers": headers, "requestContext": {"http": {"sourceIp": "130.176.1.1"}}})


@pytest.fixture
def behind_cloudfront(aws, monkeypatch):
    boto3.client("ssm").put_parameter(Name="/stack/origin-verify", Value=SECRET, Type="String")
    monkeypatch.setenv("ORIGIN_VERIFY_PARAMETER", "/stack/origin-verify")
    settings.cache_clear()
    yield
    settings.cache_clear()


def test_viewer_address_is_believed_with_the_origin_secret(behind_cloudfront):
    found = client_ip.source_ip(event(**{"x-origin-verify": SECRET, "cloudfront-viewer-address": "203.0.113.7:4431"}))
    assert found == "203.0.113.7"


def test_ipv6_viewer_address(behind_cloudfront):
    found = client_ip.source_ip(event(**{"x-origin-verify": SECRET, "cloudfront-viewer-address": "2001:db8::7:4431"}))
    assert found == "2001:db8::7"


@pytest.mark.parametrize("forwarded", ["198.51.100.9, 130.176.1.1", "198.51.100.9", "10.0.0.1, 198.51.100.9, 130.176.1.1"])
def test_without_the_viewer_header_cloudfronts_forwarded_for_entry_counts(behind_cloudfront, forwarded):
    # CloudFront appends the viewer to X-Forwarded-For (after whatever the viewer sent); API Gateway
    # may append the CloudFront server it saw (the connection's address).
    assert client_ip.source_ip(event(**{"x-origin-verify": SECRET, "x-forwarded-for": forwarded})) == "198.51.100.9"


@pytest.mark.parametrize("headers", [
    {"cloudfront-viewer-address": "203.0.113.7:4431"},  # a direct caller claiming an address
    {"x-origin-verify": "guess", "cloudfront-viewer-address": "203.0.113.7:4431"},
    {"x-origin-verify": SECRET},
    {"x-origin-verify": SECRET, "cloudfront-viewer-address": "not an address"},
    {"x-forwarded-for": "198.51.100.9, 130.176.1.1"},  # no secret: forwarded-for is anyone's to write
])
def test_otherwise_the_connection_address_counts(behind_cloudfront, headers):
    assert client_ip.source_ip(event(**headers)) == "130.176.1.1"


def test_without_cloudfront_the_connection_address_counts(aws):
    assert settings().origin_verify_parameter == ""
    found = client_ip.source_ip(event(**{"x-origin-verify": SECRET, "cloudfront-viewer-address": "203.0.113.7:1"}))
    assert found == "130.176.1.1"
