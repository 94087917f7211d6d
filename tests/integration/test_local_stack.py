"""`make dev`'s stack, started as a new user would (its own process), over HTTP on one origin."""

import re
import subprocess
import sys
from html.parser import HTMLParser

import boto3
import pytest

from infra.local import services
from tests.conftest import start_stack, stop_stack

pytestmark = pytest.mark.slow


class _TierParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tiers: dict[str, dict] = {}
        self._current = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "data-tier-id" in attrs:
            self._current = attrs["data-tier-id"]
            self.tiers.setdefault(self._current, {})
        if self._current and "data-amount" in attrs and "data-hours" in attrs:
            self.tiers[self._current].update(amount=int(attrs["data-amount"]), hours=int(attrs["data-hours"]))


def test_one_origin_serves_site_and_api(local_stack):
    home = local_stack.get("/")
    assert home.status == 200 and b'<meta name="description"' in home.body
    assert local_stack.get("/api/health").json()["status"] == "ok"
    assert local_stack.get("/api/openapi.json").json()["paths"]
    assert local_stack.get("/api/nothing-here").status == 404
    assert local_stack.get("/sitemap.xml").status == 200


def test_pricing_page_equals_the_api_catalog(local_stack):
    catalog = local_stack.get("/api/catalog").json()
    page = local_stack.get("/pricing/")
    assert page.status == 200
    parser = _TierParser()
    parser.feed(page.body.decode())
    expected = {
        t["id"]: {"amount": t["price"]["amount"], "hours": t["hours_per_month"]} for t in catalog["tiers"]
    }
    assert parser.tiers == expected


def test_no_request_leaves_the_origin(local_stack):
    for path in ("/", "/pricing/", "/services/", "/faq/"):
        html = local_stack.get(path).body.decode()
        external = re.findall(r'(?:src|href)="(https?://[^"]+)"', html)
        assert all(url.startswith("https://northstar-va.example") for url in external), (path, external)


def test_mail_page_shows_what_ses_sent(local_stack):
    # The mail page lists what the stack's own SES (moto, in its process) received.
    assert local_stack.get("/_dev/mail").status == 200
    assert isinstance(local_stack.mail(), list)


def test_records_survive_a_restart(tmp_path):
    port, dynamodb_port = services.free_port(), services.free_port()
    process = start_stack(tmp_path, port, dynamodb_port)
    try:
        dynamodb = boto3.client(
            "dynamodb",
            endpoint_url=f"http://127.0.0.1:{dynamodb_port}",
            region_name="us-east-1",
            aws_access_key_id="local",
            aws_secret_access_key="local",
        )
        dynamodb.put_item(
            TableName="ClientsTable",
            Item={"email": {"S": "kept@example.com"}, "created_at": {"S": "2026-01-01T00:00:00.000000+0000"}},
        )
    finally:
        output = stop_stack(process)
    assert "Stopped." in output
    process = start_stack(tmp_path, port, dynamodb_port)
    try:
        item = dynamodb.get_item(TableName="ClientsTable", Key={"email": {"S": "kept@example.com"}})
        assert item["Item"]["email"]["S"] == "kept@example.com"
    finally:
        stop_stack(process)
    # Nothing is left behind: both ports are free again.
    assert services.port_is_free(port) and services.port_is_free(dynamodb_port)


def test_schemathesis_finds_no_server_error(local_stack, tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "schemathesis.cli",
            "run",
            f"{local_stack.url}/api/openapi.json",
            "--url",
            local_stack.url,
            "-n",
            "40",
            "--phases",
            "examples,coverage,fuzzing",
            "--checks",
            "not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance",
            "--seed",
            "1",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]


def test_site_is_compressed_like_cloudfront_and_the_api_is_not(local_stack):
    import gzip
    import urllib.request

    def fetch(path: str):
        request = urllib.request.Request(local_stack.url + path, headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.headers.get("Content-Encoding"), response.read()

    encoding, body = fetch("/")
    assert encoding == "gzip" and gzip.decompress(body) == local_stack.get("/").body
    assert local_stack.get("/").headers.get("Content-Encoding") is None  # not asked for: not compressed
    assert fetch("/api/catalog")[0] is None
