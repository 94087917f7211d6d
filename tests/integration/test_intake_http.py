"""POST /api/intake over HTTP on the running local stack: CORS from the template, JSON only, and a
retried submission stored once."""

import time
import urllib.error
import urllib.request
import uuid

import pytest

from tests.conftest import load_event

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("origin, allowed", [("self", True), ("https://elsewhere.example", False)])
def test_preflight_allows_the_site_origin_only(local_stack, origin, allowed):
    origin = local_stack.url if origin == "self" else origin
    answer = local_stack.request(
        "OPTIONS",
        "/api/intake",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type,idempotency-key",
        },
    )
    headers = {k.lower(): v for k, v in answer.headers.items()}
    assert answer.status == 204
    if allowed:
        assert headers["access-control-allow-origin"] == local_stack.url
        assert "POST" in headers["access-control-allow-methods"]
        assert "idempotency-key" in headers["access-control-allow-headers"]
    else:
        assert not [k for k in headers if k.startswith("access-control-")]


def test_a_form_post_from_another_site_is_refused(local_stack):
    request = urllib.request.Request(
        local_stack.url + "/api/intake",
        data=b"name=Ada&email=ada%40example.com",
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded", "Origin": "https://elsewhere.example"},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 415
    assert "access-control-allow-origin" not in {k.lower() for k in refused.value.headers}


def test_a_retry_over_http_gets_the_same_id_and_sends_no_more_mail(local_stack):
    body = load_event("intake.json")
    body["email"] = f"retry+{uuid.uuid4().hex[:8]}@example.com"
    key = str(uuid.uuid4())
    del body["submission_id"]
    first = local_stack.post("/api/intake", body, headers={"Idempotency-Key": key})
    second = local_stack.post("/api/intake", body, headers={"Idempotency-Key": key})
    assert first.status == second.status == 201
    assert first.json() == second.json() == {"id": key}

    # The emails leave through the outbox, after the answers: the assistant's names the id, the
    # client's its reference (the id's first 8 characters, upper case).
    def sent() -> list:
        return [m for m in local_stack.mail() if key[:8].upper() in m["text"].upper()]

    deadline = time.monotonic() + 20
    while len(sent()) < 2 and time.monotonic() < deadline:
        time.sleep(0.3)
    time.sleep(1)  # a second set, were one queued, would be out by now
    assert sorted(m["to"] for m in sent()) == sorted([body["email"], "hello@northstar-va.example"])
