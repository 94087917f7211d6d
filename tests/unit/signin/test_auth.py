"""Sign-in by emailed link: the same answer for everyone, single-use short-lived tokens, cookie
sessions that end, and no state change from another site."""

from __future__ import annotations

import json
import logging
import time

from tests.unit.signin.helpers import ASSISTANT, link_token, make_client, sign_in


def test_everyone_gets_the_same_202_and_only_known_people_get_a_link(api, sent_mail):
    make_client("ada@example.com")
    answers = [
        api.post("/api/auth/link", {"email": e}) for e in ("ada@example.com", "nobody@example.com", ASSISTANT)
    ]
    assert {a.status for a in answers} == {202} and len({a.body for a in answers}) == 1
    assert json.loads(answers[0].body)["message"].startswith("If this address belongs to a client")
    assert sorted(m["to"] for m in sent_mail()) == ["ada@example.com", ASSISTANT]
    assert link_token(sent_mail, "nobody@example.com") is None


def test_the_token_works_once_and_only_its_digest_is_stored(api, sent_mail):
    from portal.models.auth import AuthItem

    make_client("ada@example.com")
    api.post("/api/auth/link", {"email": "ada@example.com"})
    token = link_token(sent_mail, "ada@example.com")
    assert len(token) >= 22  # at least 128 random bits, URL-safe
    assert token not in str([i.attribute_values for i in AuthItem.scan()])
    first = api.post("/api/auth/session", {"token": token})
    assert first.status == 200 and first.json() == {
        "email": "ada@example.com",
        "name": "Ada Lovelace",
        "role": "client",
    }
    cookie = first.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/api/" in cookie
    again = api.post("/api/auth/session", {"token": token})
    assert (
        again.status == 400
        and again.json()["reason"] == "invalid-link"
        and "new one" in again.json()["message"]
    )
    session_id = cookie.split(";")[0].split("=", 1)[1]
    assert session_id not in str([i.attribute_values for i in AuthItem.scan()])


def test_an_expired_or_unknown_token_is_a_400_with_a_way_forward(api, sent_mail, monkeypatch):
    from portal.auth import service

    make_client("ada@example.com")
    api.post("/api/auth/link", {"email": "ada@example.com"})
    token = link_token(sent_mail, "ada@example.com")
    real = time.time
    monkeypatch.setattr(service.time, "time", lambda: real() + service.TOKEN_SECONDS + 1)
    assert api.post("/api/auth/session", {"token": token}).status == 400
    monkeypatch.setattr(service.time, "time", real)
    assert api.post("/api/auth/session", {"token": "x" * 43}).status == 400


def test_me_needs_a_session_and_says_the_role(api, sent_mail):
    assert api.get("/api/me").status == 401
    assert api.get("/api/me", headers={"cookie": "va_session=" + "a" * 43}).status == 401
    assistant = sign_in(api, sent_mail, ASSISTANT)
    assert assistant.get("/api/me").json() == {"email": ASSISTANT, "name": None, "role": "assistant"}


def test_sign_out_ends_this_session_and_everywhere_ends_all(api, sent_mail):
    make_client("ada@example.com")
    phone, laptop, tablet = (sign_in(api, sent_mail, "ada@example.com") for _ in range(3))
    answer = phone.post("/api/auth/sign-out")
    assert answer.status == 204 and "Max-Age=0" in answer.headers["set-cookie"]
    assert phone.get("/api/me").status == 401 and laptop.get("/api/me").status == 200
    assert laptop.post("/api/auth/sign-out-everywhere").status == 204
    assert laptop.get("/api/me").status == 401 and tablet.get("/api/me").status == 401


def test_a_post_from_another_site_changes_nothing(api, sent_mail):
    make_client("ada@example.com")
    ada = sign_in(api, sent_mail, "ada@example.com")
    for origin in ("https://evil.example", None):
        headers = {"cookie": f"va_session={ada.cookie}", **({"origin": origin} if origin else {})}
        answer = api.post("/api/auth/sign-out-everywhere", headers=headers)
        assert answer.status == 403 and answer.json()["reason"] == "origin"
    assert ada.get("/api/me").status == 200


def test_sessions_end_after_their_lifetime_or_idle_time(api, sent_mail, monkeypatch):
    from portal.auth import service

    make_client("ada@example.com")
    ada = sign_in(api, sent_mail, "ada@example.com")
    assistant = sign_in(api, sent_mail, ASSISTANT)
    real = time.time
    monkeypatch.setattr(service.time, "time", lambda: real() + service.ASSISTANT_SECONDS + 1)
    assert assistant.get("/api/me").status == 401  # 12 hours, used or not
    monkeypatch.setattr(service.time, "time", lambda: real() + service.CLIENT_IDLE_SECONDS + 1)
    assert ada.get("/api/me").status == 401  # a week unused


def test_a_used_client_session_lasts_past_a_week_but_not_past_30_days(api, sent_mail, monkeypatch):
    from portal.auth import service

    make_client("ada@example.com")
    ada = sign_in(api, sent_mail, "ada@example.com")
    real = time.time
    for day in (5, 10, 15, 20, 25):
        monkeypatch.setattr(service.time, "time", lambda day=day: real() + day * 86400)
        assert ada.get("/api/me").status == 200, day
    monkeypatch.setattr(service.time, "time", lambda: real() + service.CLIENT_SECONDS + 1)
    assert ada.get("/api/me").status == 401


def test_links_are_rate_limited_per_target_email(api, sent_mail):
    make_client("ada@example.com")
    statuses = [api.post("/api/auth/link", {"email": "ada@example.com"}).status for _ in range(6)]
    assert statuses == [202] * 5 + [429]


def test_no_token_session_id_or_email_in_any_log_line(api, sent_mail, capsys, caplog):
    caplog.set_level(logging.INFO)  # what the deployed stack logs (POWERTOOLS_LOG_LEVEL: INFO)
    make_client("ada@example.com")
    ada = sign_in(api, sent_mail, "ada@example.com")
    ada.get("/api/me/account")
    token = link_token(sent_mail, "ada@example.com")
    logged = capsys.readouterr().out + capsys.readouterr().err + caplog.text
    for secret in (token, ada.cookie, "ada@example.com"):
        assert secret not in logged


def test_the_session_reaches_the_route_after_the_openapi_document_was_built(api, sent_mail):
    """The OpenAPI document includes every router in a second resolver; sessions must not live in
    the router's context, or the practice view breaks once the document is read (found in make dev)."""
    assistant = sign_in(api, sent_mail, ASSISTANT)
    assert api.get("/api/openapi.json").status == 200
    assert assistant.get("/api/practice/audit").status == 200
    assert assistant.post("/api/practice/intakes/none/reviewed").status == 404


def _throttled(operation: str):
    from botocore.exceptions import ClientError

    code = "ProvisionedThroughputExceededException"
    return ClientError({"Error": {"Code": code, "Message": "slow down"}}, operation)


def test_an_outage_while_using_the_token_is_not_called_an_invalid_link(api, sent_mail, monkeypatch):
    from pynamodb.exceptions import DeleteError

    from portal.models.auth import AuthItem

    make_client("ada@example.com")
    api.post("/api/auth/link", {"email": "ada@example.com"})
    token = link_token(sent_mail, "ada@example.com")

    def outage(self, *args, **kwargs):
        raise DeleteError("Failed to delete item", cause=_throttled("DeleteItem"))

    monkeypatch.setattr(AuthItem, "delete", outage)
    # A 5xx the client may retry, not "ask for a new link".
    assert api.post("/api/auth/session", {"token": token}).status >= 500
    monkeypatch.undo()
    assert api.post("/api/auth/session", {"token": token}).status == 200  # the link still works
