"""The production stack's properties that matter, checked on the CloudFormation SAM produces.

Written to hold for functions and tables added later: each check walks every function, table,
bucket or alarm in the translated template rather than naming today's.
"""

from __future__ import annotations

import json
import subprocess

import pytest

from infra import csp
from infra.local import template as tpl
from tests.unit.stack_helpers import as_list, distribution, of_type, origin, refs

# Slow (`make check` leaves it out): translates the template with the SAM translator.
pytestmark = pytest.mark.slow

ROOT = tpl.ROOT
ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"
ALL_METHODS = {"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"}


# ------------------------------------------------------------------ hosting


def test_buckets_are_private_encrypted_and_versioned():
    buckets = of_type("AWS::S3::Bucket")
    assert buckets, "the site bucket is missing"
    for name, bucket in buckets.items():
        props = bucket["Properties"]
        assert props["PublicAccessBlockConfiguration"] == {
            "BlockPublicAcls": True,
            "BlockPublicPolicy": True,
            "IgnorePublicAcls": True,
            "RestrictPublicBuckets": True,
        }, name
        assert "AccessControl" not in props and "WebsiteConfiguration" not in props, name
        assert props["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "BucketOwnerEnforced"}], name
        assert props["BucketEncryption"]["ServerSideEncryptionConfiguration"], name
        assert props["VersioningConfiguration"]["Status"] == "Enabled", name


def test_bucket_policies_grant_only_the_distribution_and_require_tls():
    policies = of_type("AWS::S3::BucketPolicy")
    assert {next(iter(refs(p["Properties"]["Bucket"]))) for p in policies.values()} == set(
        of_type("AWS::S3::Bucket")
    )
    for name, policy in policies.items():
        statements = policy["Properties"]["PolicyDocument"]["Statement"]
        for statement in statements:
            if statement["Effect"] != "Allow":
                continue
            assert statement["Principal"] == {"Service": "cloudfront.amazonaws.com"}, (name, statement)
            assert set(as_list(statement["Action"])) <= {"s3:GetObject", "s3:ListBucket"}, (name, statement)
            source = statement["Condition"]["StringEquals"]["AWS:SourceArn"]
            assert refs(source) & set(of_type("AWS::CloudFront::Distribution")), (name, statement)
        assert any(
            s["Effect"] == "Deny"
            and s["Principal"] == "*"
            and s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
            for s in statements
        ), name


def test_site_origin_is_the_bucket_through_origin_access_control():
    site = origin(distribution()["DefaultCacheBehavior"]["TargetOriginId"])
    assert refs(site["DomainName"]) == {"SiteBucket"}
    assert refs(site["OriginAccessControlId"]) == {"SiteOriginAccessControl"}
    assert site["S3OriginConfig"] == {"OriginAccessIdentity": ""}
    (oac,) = of_type("AWS::CloudFront::OriginAccessControl").values()
    assert oac["Properties"]["OriginAccessControlConfig"]["SigningBehavior"] == "always"


def test_default_behaviour_serves_the_site_cached_and_rewrites_directory_urls():
    default = distribution()["DefaultCacheBehavior"]
    assert default["CachePolicyId"] == CACHING_OPTIMIZED
    assert default["ViewerProtocolPolicy"] == "redirect-to-https"
    assert set(default["AllowedMethods"]) == {"GET", "HEAD"}
    (association,) = default["FunctionAssociations"]
    assert association["EventType"] == "viewer-request"
    assert refs(association["FunctionARN"]) == {"SiteIndexFunction"}


def test_api_behaviour_goes_to_the_http_api_uncached_with_all_methods():
    (api,) = [b for b in distribution()["CacheBehaviors"] if b["PathPattern"] == "/api/*"]
    assert api["CachePolicyId"] == CACHING_DISABLED
    assert api["OriginRequestPolicyId"] == ALL_VIEWER_EXCEPT_HOST  # never Host: the API answers to its own
    assert set(api["AllowedMethods"]) == ALL_METHODS
    assert api["ViewerProtocolPolicy"] in {"https-only", "redirect-to-https"}
    assert "FunctionAssociations" not in api
    target = origin(api["TargetOriginId"])
    assert target["DomainName"] == {"Fn::Sub": "${HttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}"}
    assert target["CustomOriginConfig"]["OriginProtocolPolicy"] == "https-only"
    (verify,) = target["OriginCustomHeaders"]
    assert verify["HeaderName"] == "X-Origin-Verify"


def test_every_behaviour_sends_the_security_headers():
    config = distribution()
    for behaviour in [config["DefaultCacheBehavior"], *config.get("CacheBehaviors", [])]:
        assert refs(behaviour["ResponseHeadersPolicyId"]) == {"SiteSecurityHeaders"}, behaviour.get(
            "PathPattern"
        )
    headers = of_type("AWS::CloudFront::ResponseHeadersPolicy")["SiteSecurityHeaders"]["Properties"]
    security = headers["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
    assert all(value.get("Override") is True for value in security.values())
    assert security["StrictTransportSecurity"]["AccessControlMaxAgeSec"] >= 31536000
    assert security["ContentTypeOptions"] == {"Override": True}
    assert security["FrameOptions"]["FrameOption"] == "DENY"
    assert security["ReferrerPolicy"]["ReferrerPolicy"] in {
        "strict-origin-when-cross-origin",
        "no-referrer",
        "same-origin",
    }


def test_content_security_policy_is_strict():
    policy = csp.directives(csp.policy())
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["connect-src"] == ["'self'"]  # the API is on the same origin
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    for directive in ("script-src", "style-src"):
        sources = policy[directive]
        assert "'self'" in sources
        assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "https:", "http:", "data:"} & set(sources), (
            directive
        )
        assert all(s == "'self'" or s.startswith("'sha256-") for s in sources), directive


def test_content_security_policy_allows_every_inline_script_of_the_built_site(built_site):
    assert csp.inline_script_hashes(built_site), "no inline scripts found: is the site built?"
    missing = csp.missing_hashes(built_site)
    assert not missing, "add to script-src in template.yaml (SiteSecurityHeaders): " + " ".join(missing)


@pytest.mark.parametrize(
    "uri, expected",
    [
        ("/", {"uri": "/index.html"}),
        ("/pricing/", {"uri": "/pricing/index.html"}),
        ("/guide/console/", {"uri": "/guide/console/index.html"}),
        ("/pricing", {"statusCode": 301, "location": "/pricing/"}),
        ("/assets/stylesheets/main.css", {"uri": "/assets/stylesheets/main.css"}),
        ("/404.html", {"uri": "/404.html"}),
    ],
)
def test_site_index_function_maps_directory_urls(uri, expected):
    code = tpl.resources()["SiteIndexFunction"]["Properties"]["FunctionCode"]
    event = {"request": {"uri": uri, "method": "GET", "querystring": {}, "headers": {}}}
    script = code + f"\nconsole.log(JSON.stringify(handler({json.dumps(event)})));"
    result = json.loads(
        subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True).stdout
    )
    if "statusCode" in expected:
        assert result["statusCode"] == expected["statusCode"]
        assert result["headers"]["location"]["value"] == expected["location"]
    else:
        assert result["uri"] == expected["uri"]


def test_custom_domain_is_optional():
    parameters = tpl.load()["Parameters"]
    assert parameters["DomainName"]["Default"] == "" and parameters["CertificateArn"]["Default"] == ""
    config = tpl.resources()["SiteDistribution"]["Properties"]["DistributionConfig"]
    assert config["Aliases"]["Fn::If"][0] == "HasCustomDomain"
    assert config["ViewerCertificate"]["Fn::If"][2] == {"CloudFrontDefaultCertificate": True}
    outputs = tpl.load()["Outputs"]
    assert {"SiteUrl", "SiteBucketName", "DistributionId"} <= set(outputs)
