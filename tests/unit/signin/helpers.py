"""Signing in through the real routes: ask for a link, read it from the sent email, open a session."""

from __future__ import annotations

import re
from datetime import UTC

import pytest

ORIGIN = "http://127.0.0.1:8000"
ASSISTANT = "hello@northstar-va.example"


def link_token(sent_mail, email: str) -> str | None:
    for message in reversed(sent_mail()):
        if message["to"] == email and "sign-in/?token=" in message["text"]:
            return re.search(r"token=([A-Za-z0-9_-]+)", message["text"]).group(1)
    return None


class Browser:
    """One person's cookie jar over the in-process API, sending the site's Origin like a browser."""

    def __init__(self, api, cookie: str | None = None):
        self.api, self.cookie = api, cookie

    def _headers(self, extra=None) -> dict:
        headers = {"origin": ORIGIN, **(extra or {})}
        if self.cookie:
            headers["cookie"] = f"va_session={self.cookie}"
        return headers

    def get(self, path: str, **kwargs):
        return self.api.get(path, headers=self._headers(kwargs.pop("headers", None)), **kwargs)

    def post(self, path: str, body=None, **kwargs):
        return self.api.post(path, body, headers=self._headers(kwargs.pop("headers", None)), **kwargs)


def sign_in(api, sent_mail, email: str) -> Browser:
    assert api.post("/api/auth/link", {"email": email}).status == 202
    token = link_token(sent_mail, email)
    assert token, f"no sign-in email for {email}"
    answer = api.post("/api/auth/session", {"token": token})
    assert answer.status == 200, answer.body
    cookie = re.search(r"va_session=([^;]+)", answer.headers["set-cookie"]).group(1)
    return Browser(api, cookie)


def make_client(email: str, name: str = "Ada Lovelace", **extra) -> None:
    from datetime import datetime

    from portal.models.clients import Client

    now = datetime.now(UTC)
    Client(email, name=name, created_at=now, updated_at=now, **extra).save()


@pytest.fixture
def browser(api):
    return lambda cookie=None: Browser(api, cookie)
