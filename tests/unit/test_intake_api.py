"""POST /api/intake through real payload-2.0 events on moto: validation, one record per
submission, the client link, emails, honeypot, rate limit and logs without personal data."""

import copy
import json
import uuid
from datetime import UTC

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from portal import ratelimit
from portal import settings as settings_module
from portal.errors import in_words
from portal.intake import rules
from tests.conftest import load_event

URL = "/api/intake"


def form(**changes) -> dict:
    body = load_event("intake.json")
    body["submission_id"] = str(uuid.uuid4())
    for path, value in changes.items():
        target = body
        *parents, last = path.split("__")
        for parent in parents:
            target = target[parent]
        if value is ...:
            target.pop(last, None)
        else:
            target[last] = value
    return body


def intakes():
    from portal.models.intakes import Intake

    return list(Intake.scan())


def test_submission_is_stored_readably_and_linked_to_its_client(api, sent_mail):
    from portal.models.clients import Client
    from portal.models.intakes import Intake

    body = form()
    answer = api.post(URL, body)
    assert answer.status == 201
    assert answer.json() == {"id": body["submission_id"]}
    item = Intake.get(body["submission_id"])
    assert item.status == "new" and item.created_at == item.updated_at
    assert item.client_email == "ada.quintero@example.com"
    assert item.services == ["calendar", "email", "travel"] and item.preferred_tier == "professional-20"
    assert item.timezone == "Europe/Madrid" and item.working_hours.start == "09:00"
    assert item.delegation.spending_limit == 25000 and item.delegation.currency == "usd"
    assert item.delegation.travel_booking is True and item.delegation.send_as_client is False
    assert item.tools.crm == "HubSpot" and item.communication.frequency == "daily"
    client = Client.get("ada.quintero@example.com")
    assert client.name == "Ada Quintero" and client.company == "Quintero Logistics"


def test_assistant_gets_a_summary_and_the_client_a_confirmation(api, sent_mail):
    body = form()
    api.post(URL, body)
    mails = sent_mail()
    assert len(mails) == 2
    to_assistant = next(m for m in mails if "hello@northstar-va.example" in m["to"])
    to_client = next(m for m in mails if "ada.quintero@example.com" in m["to"].lower())
    assert "Quintero Logistics" in to_assistant["subject"]
    for expected in (
        "Calendar and scheduling",
        "Travel arrangements",
        "Europe/Madrid",
        "$250",
        "May book travel: yes",
        "May send email as the client: no",
        "Board chair (Luis)",
        body["submission_id"],
        "Channel: Slack; how often: Daily",
    ):
        assert expected in to_assistant["text"], expected
    # The client's reference is short enough to read out; the assistant's copy has both.
    reference = body["submission_id"].replace("-", "")[:8].upper()
    assert f"Reference: {reference}" in to_client["text"] and reference in to_assistant["text"]
    assert body["submission_id"] not in to_client["text"]
    assert "received your intake" in to_client["subject"]
    assert "never send passwords" in to_client["text"]
    # Nobody verified the address: the confirmation carries none of the visitor's own words.
    for typed in ("Ada", "Quintero Logistics", "Board chair", body["notes"] or "Board chair"):
        assert typed not in to_client["text"] and typed not in to_client["subject"], typed


def test_a_client_who_booked_earlier_is_the_same_client(api):
    from datetime import datetime

    from portal.models.clients import Client

    earlier = datetime(2026, 1, 5, tzinfo=UTC)
    Client("ada.quintero@example.com", created_at=earlier, updated_at=earlier, name="Ada").save()
    assert api.post(URL, form(email="ADA.QUINTERO@example.com ")).status == 201
    client = Client.get("ada.quintero@example.com")
    assert client.created_at == earlier and client.updated_at > earlier
    assert len(list(Client.scan())) == 1


@pytest.mark.parametrize("how", ["field", "header"])
def test_a_retry_returns_the_same_id_one_record_and_one_set_of_emails(api, sent_mail, how):
    body = form()
    headers = {}
    if how == "header":
        headers = {"Idempotency-Key": body.pop("submission_id")}
    first = api.post(URL, body, headers=headers)
    second = api.post(URL, body, headers=headers)
    assert first.status == second.status == 201
    assert first.json() == second.json()
    assert len(intakes()) == 1
    assert len(sent_mail()) == 2


def test_the_same_id_with_different_answers_is_a_conflict(api, sent_mail):
    body = form()
    api.post(URL, body)
    answer = api.post(URL, {**body, "hours_per_month": 40})
    assert answer.status == 409 and "submission id" in answer.json()["message"]
    assert [i.hours_per_month for i in intakes()] == [20]
    assert len(sent_mail()) == 2


@pytest.mark.parametrize(
    "body, headers, field",
    [
        (form(submission_id=...), {}, "submission_id"),
        (form(submission_id=...), {"Idempotency-Key": "not-a-uuid"}, "Idempotency-Key"),
        (form(), {"Idempotency-Key": str(uuid.uuid4())}, "submission_id"),
        (form(submission_id="123"), {}, "submission_id"),
    ],
)
def test_the_submission_id_is_required_and_a_uuid(api, body, headers, field):
    answer = api.post(URL, body, headers=headers)
    assert answer.status == 422
    assert field in [d["field"] for d in answer.json()["detail"]]
    assert intakes() == []


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"email": "someone@localhost"}, "email"),
        ({"email": "not an email"}, "email"),
        ({"name": ""}, "name"),
        ({"name": "x" * 121}, "name"),
        ({"company": "x" * 161}, "company"),
        ({"services": ["calendar", "teleportation"]}, "services"),
        ({"services": []}, "services"),
        ({"services": ["email", "email"]}, "services"),
        ({"preferred_tier": "platinum-1000"}, "preferred_tier"),
        ({"hours_per_month": 0}, "hours_per_month"),
        ({"hours_per_month": "many"}, "hours_per_month"),
        ({"timezone": "Mars/Olympus_Mons"}, "timezone"),
        ({"timezone": "../../etc/passwd"}, "timezone"),
        ({"working_hours__days": ["mon", "someday"]}, "working_hours.days.1"),
        ({"working_hours__start": "25:00"}, "working_hours.start"),
        ({"working_hours__end": "08:00"}, "working_hours"),
        ({"communication__channel": "carrier-pigeon"}, "communication.channel"),
        ({"communication__frequency": "hourly"}, "communication.frequency"),
        ({"delegation__spending_limit": -1}, "delegation.spending_limit"),
        ({"delegation__travel_booking": "perhaps"}, "delegation.travel_booking"),
        ({"delegation__vip_contacts": ["x"] * 26}, "delegation.vip_contacts"),
        ({"tools__email": "x" * 121}, "tools.email"),
        ({"access_needed": "x" * 2001}, "access_needed"),
        ({"favourite_colour": "blue"}, "favourite_colour"),
    ],
)
def test_each_invalid_field_is_a_422_naming_it(api, sent_mail, changes, field):
    answer = api.post(URL, form(**changes))
    assert answer.status == 422, answer.body
    detail = answer.json()["detail"]
    assert field in [d["field"] for d in detail], detail
    assert all(d["msg"] for d in detail)
    # The message is read by people: the field in words, never its path or a snake_case name.
    assert in_words(field).split(",")[0] in answer.json()["message"]
    assert "_" not in answer.json()["message"]
    assert intakes() == [] and sent_mail() == []


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"password": "hunter2"}, "password"),
        ({"delegation__password": "hunter2"}, "delegation.password"),
        ({"tools__crm_password": "hunter2"}, "tools.crm_password"),
    ],
)
def test_passwords_are_refused_with_the_vault_invitation_explained(api, changes, field):
    answer = api.post(URL, form(**changes))
    assert answer.status == 422
    (detail,) = [d for d in answer.json()["detail"] if d["field"] == field]
    assert "Passwords are never accepted" in detail["msg"] and "vault" in detail["msg"]
    assert b"hunter2" not in answer.body
    assert intakes() == []


@pytest.mark.parametrize(
    "body", [form(website="http://spam.example"), {"website": "http://spam.example", "name": 5, "email": "x"}]
)
def test_a_filled_honeypot_looks_like_success_and_stores_and_sends_nothing(api, sent_mail, body):
    answer = api.post(URL, body)
    assert answer.status == 201 and "id" in answer.json()
    assert intakes() == [] and sent_mail() == []


def test_only_json_is_accepted(api):
    answer = api.request(
        "POST",
        URL,
        headers={"content-type": "application/x-www-form-urlencoded"},
        raw=b"name=Ada&email=ada%40example.com",
    )
    assert answer.status == 415
    assert intakes() == []


@pytest.fixture
def limit_of_two(monkeypatch):
    monkeypatch.setenv("RATE_LIMIT_REQUESTS", "2")
    settings_module.settings.cache_clear()
    yield
    monkeypatch.undo()
    settings_module.settings.cache_clear()


def _from(api, ip: str, body: dict):
    return api.runner.invoke(
        "POST", URL, [("content-type", "application/json")], json.dumps(body).encode(), source_ip=ip
    )


def test_rate_limit_per_source_ip_is_a_plain_429(api, sent_mail, limit_of_two):
    statuses = [_from(api, "203.0.113.7", form()).status for _ in range(3)]
    assert statuses == [201, 201, 429]
    blocked = _from(api, "203.0.113.7", form())
    assert blocked.status == 429 and json.loads(blocked.body) == {"message": ratelimit.MESSAGE}
    assert _from(api, "198.51.100.1", form()).status == 201  # another address is not affected
    api.outbox.stream_once()
    assert len(intakes()) == 3 and len(sent_mail()) == 6


def test_rate_limit_counts_per_endpoint_and_window(aws):
    from portal import errors
    from portal.models.ratelimits import RateLimit

    now = 1_800_000_000  # a window boundary for 600 s windows
    assert [
        ratelimit.enforce("intake", "192.0.2.1", limit=2, window_seconds=600, now=now + i) for i in (0, 1)
    ] == [1, 2]
    with pytest.raises(errors.TooManyRequests):
        ratelimit.enforce("intake", "192.0.2.1", limit=2, window_seconds=600, now=now + 599)
    assert ratelimit.enforce("booking", "192.0.2.1", limit=2, window_seconds=600, now=now + 2) == 1
    assert ratelimit.enforce("intake", "192.0.2.1", limit=2, window_seconds=600, now=now + 600) == 1
    counter = RateLimit.get("intake#192.0.2.1#2027-01-15T08:00:00Z")
    assert counter.requests == 2
    assert counter.expires_at.timestamp() == now + 600 + 3600  # TTL: an hour after the window


def test_logs_hold_neither_the_email_nor_the_name(api, capsys, caplog):
    caplog.set_level("INFO")  # POWERTOOLS_LOG_LEVEL in template.yaml
    body = form()
    assert api.post(URL, body).status == 201
    assert api.post(URL, body).status == 201  # and the retry
    assert api.post(URL, {**body, "email": "someone@localhost"}).status == 422
    output = capsys.readouterr()
    # Every record with all its fields (Powertools puts `extra` keys on the record), plus whatever
    # reached stdout/stderr (Powertools' JSON lines when its handler writes to the captured stream).
    records = "\n".join(json.dumps(vars(r), default=str) for r in caplog.records)
    logged = output.out + output.err + caplog.text + records
    assert body["submission_id"] in logged  # the log was captured at all
    for personal in ("Ada", "Quintero", "example.com", "someone@localhost", "+34 600"):
        assert personal.lower() not in logged.lower(), personal


def test_new_intakes_are_listed_by_status_and_date_through_the_index(api):
    from portal.models.intakes import Intake

    ids = [form()["submission_id"] for _ in range(3)]
    for submission_id in ids:
        assert api.post(URL, {**form(), "submission_id": submission_id}).status == 201
    reviewed = Intake.get(ids[0])
    reviewed.update(actions=[Intake.status.set("reviewed")])
    assert [i.id for i in Intake.by_status.query("new")] == ids[1:]
    assert [i.id for i in Intake.by_status.query("reviewed")] == ids[:1]


_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=150)


@hsettings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(name=_text, company=_text, tone=st.text(max_size=600))
def test_length_limits_hold_for_any_text(name, company, tone):
    body = form(name=name, company=company, delegation__tone=tone)
    try:
        parsed = rules.IntakeRequest.model_validate(body)
    except Exception as error:  # noqa: BLE001 - pydantic's ValidationError
        assert "validation error" in str(error)
        stripped = [len(v.strip()) for v in (name, company, tone)]
        assert not name.strip() or stripped[0] > 120 or stripped[1] > 160 or stripped[2] > 500
        return
    assert 1 <= len(parsed.name) <= 120 and len(parsed.company or "") <= 160
    assert len(parsed.delegation.tone or "") <= 500
    assert parsed.name in rules.summary(parsed.answers())


def test_fingerprint_ignores_key_order_but_not_answers():
    answers = rules.IntakeRequest.model_validate(form()).answers()
    shuffled = dict(reversed(list(copy.deepcopy(answers).items())))
    assert rules.fingerprint(answers) == rules.fingerprint(shuffled)
    assert rules.fingerprint(answers) != rules.fingerprint({**answers, "hours_per_month": 21})


def _fail_send(monkeypatch, which: int) -> None:
    """mail.send raises the `which`-th time it is called (1: the assistant's notice, 2: the
    client's confirmation), and sends otherwise."""
    from portal import mail

    real_send = mail.send
    calls = {"n": 0}

    def flaky(to, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == which:
            raise RuntimeError("SES is having a moment")
        return real_send(to, *args, **kwargs)

    monkeypatch.setattr(mail, "send", flaky)


def _sweep_later(minutes: int):
    from datetime import datetime, timedelta

    from portal.outbox import delivery

    return delivery.sweep(datetime.now(UTC) + timedelta(minutes=minutes))


def test_an_email_that_fails_goes_out_later_once_and_the_visitor_never_sees_it(api, sent_mail, monkeypatch):
    """Issue 12: a send failing after the commit used to answer 500 (and the retry could not tell)."""
    from portal.models.outbox import OutboxMessage

    _fail_send(monkeypatch, 2)  # whichever email goes second, the first time
    body = form()
    assert api.post(URL, body).status == 201  # committed: the answer never waits on SES
    assert len(sent_mail()) == 1
    waiting = [m for m in OutboxMessage.scan() if m.status == "pending"]
    assert len(waiting) == 1 and waiting[0].attempts == 1 and waiting[0].last_error == "RuntimeError"
    assert api.post(URL, body).status == 201  # the browser's retry queues nothing new
    assert _sweep_later(5)["sent"] == 1
    assert _sweep_later(10)["sent"] == 0
    subjects = sorted(m["subject"] for m in sent_mail())
    assert len(subjects) == 2 and subjects[0] != subjects[1]
    assert len(intakes()) == 1 and {m.status for m in OutboxMessage.scan()} == {"sent"}


def test_a_message_that_keeps_failing_is_dead_until_redriven(api, sent_mail, monkeypatch):
    from portal import mail
    from portal.outbox import delivery

    real_send = mail.send
    monkeypatch.setattr(mail, "send", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("SES sandbox")))
    assert api.post(URL, form()).status == 201
    for minutes in range(0, 60 * 24, 30):
        _sweep_later(minutes)
    from portal.models.outbox import OutboxMessage

    assert {m.status for m in OutboxMessage.scan()} == {"dead"}
    assert all(m.attempts == delivery.MAX_ATTEMPTS for m in OutboxMessage.scan())
    monkeypatch.setattr(mail, "send", real_send)
    assert delivery.redrive()["revived"] == 2
    assert len(sent_mail()) == 2 and {m.status for m in OutboxMessage.scan()} == {"sent"}
