"""Sign-in by emailed link, and the sessions it opens.

- Asking for a link does the same work whoever asks (rate limits, one outbox message), so the answer
  and its timing say nothing about whether the address is known. The outbox decides when it
  delivers: a known client or the assistant gets a link (`render_link`), anyone else nothing.
- The link's token is 256 bits made from a random reference (portal.links); the table keeps its
  digest only. It works once (a conditional delete consumes it) and for 15 minutes. Opening the
  link shows a page with a button: a mail scanner fetching the link uses nothing up.
- A session is a random id in an HttpOnly cookie, stored as its digest with a TTL: a client's lasts
  30 days (7 idle), the assistant's 12 hours.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pynamodb.exceptions import DeleteError, DoesNotExist, PutError

from portal import catalog, errors, links, mail, ratelimit
from portal import language as languages
from portal.settings import settings

PURPOSE = "sign-in"
TOKEN_SECONDS = 15 * 60
CLIENT_SECONDS, CLIENT_IDLE_SECONDS = 30 * 86400, 7 * 86400
ASSISTANT_SECONDS = 12 * 3600
SEEN_EVERY = 3600  # refresh a session's idle deadline at most hourly: one write, not one per request
COOKIE = "va_session"
ANSWER = {
    "en": "If this address belongs to a client, a sign-in link is on its way. Check your email.",
    "es": "Si esta dirección es de un cliente, le enviamos un enlace para iniciar sesión. Revisa tu correo.",
}
INVALID = {
    "en": "This sign-in link has expired or was already used. Ask for a new one.",
    "es": "Este enlace para iniciar sesión venció o ya se usó. Pide uno nuevo.",
}
LINK_EMAIL = {
    "en": (
        "Sign in to {practice}",
        "Hello,\n\nUse this link to sign in to your {practice} account:\n\n{url}\n\n"
        "It works once, for 15 minutes. If you did not ask for it, ignore this email: "
        "nobody can sign in without it.\n",
    ),
    "es": (
        "Inicia sesión en {practice}",
        "Hola:\n\nUsa este enlace para iniciar sesión en tu cuenta de {practice}:\n\n{url}\n\n"
        "Funciona una sola vez, durante 15 minutos. Si no lo pediste, ignora este correo: "
        "nadie puede iniciar sesión sin él.\n",
    ),
}


@dataclass(frozen=True)
class Session:
    key: str  # the stored item's key (digest of the cookie's id)
    email: str
    role: str  # client | assistant
    name: str | None = None  # when already read (signing in), so the answer needs no second read


def role_of(email: str) -> str | None:
    return person(email)[0]


def person(email: str) -> tuple[str | None, str | None]:
    """(role, name) of `email`: the assistant, a known client, or (None, None) for anyone else."""
    from portal.models.clients import Client, client_key

    key = client_key(email)
    if key == client_key(settings().assistant_email):
        return "assistant", None
    try:
        client = Client.get(key, attributes_to_get=[Client.email.attr_name, Client.name.attr_name])
    except DoesNotExist:
        return None, None
    return "client", client.name


def request_link(
    email: str, source_ip: str, now: float | None = None, language: str | None = None
) -> dict[str, Any]:
    """Queues the sign-in email, written in `language` (the page's), and answers in it."""
    from pynamodb.transactions import TransactWrite

    from portal.models import connection
    from portal.models.clients import client_key
    from portal.outbox import service as outbox

    key = client_key(email)
    ratelimit.enforce("auth-link", source_ip)
    ratelimit.enforce_email("auth-link", key, limit=5, window_seconds=900)
    with TransactWrite(connection=connection()) as tx:
        outbox.add(
            tx,
            outbox.message(
                "auth.link",
                secrets.token_hex(8),
                email=key,
                ref=secrets.token_hex(16),
                language=languages.known(language),
            ),
        )
    return {"message": errors.in_language(ANSWER, languages.known(language))}


def render_link(params: dict[str, Any]) -> mail.Draft | None:
    """The outbox's sign-in email: a token for a known client or the assistant, nothing for
    anyone else. Retried deliveries reuse the same token (its reference is in the message)."""
    from portal.models.auth import AuthItem

    role = role_of(params["email"])
    if role is None:
        return None
    token = links.token(PURPOSE, params["ref"])
    now = int(time.time())
    item = AuthItem(
        AuthItem.token_key(links.digest(token)),
        kind="sign-in-token",
        email=params["email"],
        role=role,
        created_at=now,
        expires_at=datetime.fromtimestamp(now + TOKEN_SECONDS, UTC),
    )
    try:
        item.save(condition=AuthItem.id.does_not_exist())
    except PutError as error:
        if not errors.condition_failed(error):
            raise  # a retry of this message: the token exists already, send the same link
    # The language of the page the link was asked from (messages queued before languages: the default).
    language = languages.known(params.get("language"))
    url = f"{languages.page_url('/account/sign-in/', language)}?token={token}"
    subject, text = languages.pick(LINK_EMAIL, language)
    practice = catalog.brand().practice_name
    return mail.Draft(
        params["email"], subject.format(practice=practice), text.format(practice=practice, url=url)
    )


def open_session(
    token: str, now: float | None = None, language: str | None = None
) -> tuple[Session, str, int]:
    """Consumes the token and opens a session: (session, cookie id, max age in seconds). A client
    signing in on a page in a language gets their later emails in it (`language`, when given)."""
    from portal.models.auth import AuthItem

    now = time.time() if now is None else now
    if not 20 <= len(token) <= 100:
        raise errors.BadRequest(INVALID, reason="invalid-link")
    key = AuthItem.token_key(links.digest(token))
    try:
        found = AuthItem.get(key, consistent_read=True)
        # Single use, atomically: of two requests with the same token only one deletes it.
        found.delete(
            condition=AuthItem.id.exists() & (AuthItem.expires_at > datetime.fromtimestamp(int(now), UTC))
        )
    except DoesNotExist:
        raise errors.BadRequest(INVALID, reason="invalid-link") from None
    except DeleteError as error:
        if not errors.condition_failed(error):  # an outage is not the link's fault
            raise
        raise errors.BadRequest(INVALID, reason="invalid-link") from None
    role, name = person(found.email)
    role = role or found.role
    cookie_id = secrets.token_urlsafe(32)
    lasting = ASSISTANT_SECONDS if role == "assistant" else CLIENT_SECONDS
    idle = None if role == "assistant" else int(now) + CLIENT_IDLE_SECONDS
    session = AuthItem(
        AuthItem.session_key(links.digest(cookie_id)),
        kind="session",
        email=found.email,
        role=role,
        created_at=int(now),
        expires_at=datetime.fromtimestamp(int(now) + lasting, UTC),
        idle_until=idle,
        last_seen_at=int(now),
    )
    session.save()
    if role == "client" and language:
        remember_language(found.email, language)
    return Session(session.id, found.email, role, name), cookie_id, lasting


def remember_language(email: str, language: str) -> None:
    """Stores the language a client chose (the page they signed in on) on their record, which
    their emails read; a client record that is gone is left gone."""
    from pynamodb.exceptions import UpdateError

    from portal.models.clients import Client

    try:
        Client(email).update(
            actions=[Client.language.set(languages.known(language))], condition=Client.email.exists()
        )
    except UpdateError as error:
        if not errors.condition_failed(error):
            raise


def session_of(cookie_id: str | None, now: float | None = None) -> Session | None:
    from portal.models.auth import AuthItem

    if not cookie_id or not 20 <= len(cookie_id) <= 100:
        return None
    now = time.time() if now is None else now
    try:
        item = AuthItem.get(AuthItem.session_key(links.digest(cookie_id)))
    except DoesNotExist:
        return None
    if (
        item.kind != "session"
        or item.expires_at.timestamp() <= now
        or (item.idle_until and item.idle_until <= now)
    ):
        return None
    if item.idle_until and now - (item.last_seen_at or 0) > SEEN_EVERY:
        item.update(
            actions=[
                AuthItem.last_seen_at.set(int(now)),
                AuthItem.idle_until.set(
                    min(int(now) + CLIENT_IDLE_SECONDS, int(item.expires_at.timestamp()))
                ),
            ]
        )
    return Session(item.id, item.email, item.role)


def sign_out(session: Session) -> None:
    from portal.models.auth import AuthItem

    AuthItem(session.key).delete()


def sign_out_everywhere(email: str) -> int:
    """Ends every session (and unused sign-in link) of `email`; returns how many."""
    from portal.models.auth import AuthItem

    ended = 0
    for item in AuthItem.by_email.query(email):
        AuthItem(item.id).delete()
        ended += 1
    return ended


def cookie(value: str, max_age: int) -> str:
    secure = "" if settings().is_local else "; Secure"
    return f"{COOKIE}={value}; Path=/api/; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}"
