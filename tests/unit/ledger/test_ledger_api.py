"""The hours ledger over HTTP: the meter, time entries, alerts, extra hours, tracker names
(imports: test_ledger_imports_api.py)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.ledger.api_helpers import CLIENT, TODAY, call, log, meter, retainer
from tests.unit.signin.helpers import ASSISTANT, make_client, sign_in


def test_log_edit_and_delete_move_the_meter(people):
    assistant, client = people
    start = meter(client)
    assert start["used_minutes"] == 0 and start["remaining_minutes"] == 1200 and start["entries"] == []
    assert start["approval_cap_minutes"] == 600 and start["can_approve_extra"] is False
    entry_id = log(assistant, 50)  # 15-minute increments: billed 60
    doc = meter(client)
    assert (doc["used_minutes"], doc["remaining_minutes"]) == (60, 1140)
    assert doc["entries"] == [
        {
            "id": entry_id,
            "date": TODAY,
            "minutes": 50,
            "billed_minutes": 60,
            "service": "email",
            "description": "Inbox triage",
            "surcharge": None,
        }
    ]
    edited = call(
        assistant, "PATCH", f"/api/practice/time-entries/{entry_id}", {"minutes": 60, "surcharge": "rush"}
    )
    assert edited.status == 200, edited.body
    assert meter(client)["used_minutes"] == 75
    assert call(assistant, "DELETE", f"/api/practice/time-entries/{entry_id}").status == 204
    assert meter(client)["used_minutes"] == 0 and meter(client)["entries"] == []
    assert call(assistant, "DELETE", f"/api/practice/time-entries/{entry_id}").status == 404
    actions = [e["action"] for e in assistant.get("/api/practice/audit").json()["entries"]]
    assert {"time-entry.log", "time-entry.edit", "time-entry.delete"} <= set(actions)
    detail = assistant.get(f"/api/practice/clients/{quote(CLIENT)}").json()
    assert detail["hours"]["used_minutes"] == 0 and detail["hours"]["unfunded_minutes"] == 0


def test_a_retry_with_the_same_idempotency_key_adds_once(people):
    assistant, client = people
    first = log(assistant, 30, key="9b2f0c1e-5d7a-4c3b-8e1f-2a6d4b8c0e9f")
    again = log(assistant, 30, key="9b2f0c1e-5d7a-4c3b-8e1f-2a6d4b8c0e9f")
    assert first == again and meter(client)["used_minutes"] == 30


def test_the_80_percent_alert_goes_once_whatever_the_order(people, sent_mail):
    assistant, client = people
    small = log(assistant, 480)
    big = log(assistant, 480)  # 960 of 1200 = 80%
    client_alerts = [m for m in sent_mail() if m["to"] == CLIENT and "80%" in m["subject"]]
    assert len(client_alerts) == 1
    assert "You have used 80% of this month's hours: 16 h of 20 h" in client_alerts[0]["text"]
    assert len([m for m in sent_mail() if m["to"] == ASSISTANT and "80%" in m["subject"]]) == 1
    call(assistant, "DELETE", f"/api/practice/time-entries/{big}")
    log(assistant, 480)
    call(assistant, "PATCH", f"/api/practice/time-entries/{small}", {"minutes": 15})
    call(assistant, "PATCH", f"/api/practice/time-entries/{small}", {"minutes": 480})
    assert len([m for m in sent_mail() if m["to"] == CLIENT and "80%" in m["subject"]]) == 1
    assert meter(client)["used_minutes"] == 960


def test_extra_hours_only_at_100_percent_and_up_to_the_cap(people, sent_mail):
    assistant, client = people
    refused = client.post("/api/me/extra-hours", {"hours": 2})
    assert refused.status == 409 and "still has" in refused.json()["message"]
    log(assistant, 1200)
    doc = meter(client)
    assert doc["remaining_minutes"] == 0 and doc["can_approve_extra"] is True
    assert len([m for m in sent_mail() if m["to"] == CLIENT and "100%" in m["subject"]]) == 1
    assert client.post("/api/me/extra-hours", {"hours": 11}).status == 409
    approved = client.post("/api/me/extra-hours", {"hours": 4})
    assert approved.status == 200 and approved.json()["approved_extra_minutes"] == 240
    assert any(m["to"] == ASSISTANT and "approved extra hours" in m["subject"] for m in sent_mail())
    log(assistant, 300)  # 240 funded by extra, 60 unfunded
    doc = meter(client)
    assert (doc["extra_used_minutes"], doc["used_minutes"]) == (240, 1500)
    assert "unfunded_minutes" not in doc
    assert assistant.get(f"/api/practice/clients/{quote(CLIENT)}").json()["hours"]["unfunded_minutes"] == 60
    assert client.post("/api/me/extra-hours", {"hours": 7}).status == 409  # 4 + 7 > 10
    assert client.post("/api/me/extra-hours", {"hours": 6}).status == 200


def test_a_closed_period_refuses_changes(people):
    from portal.models.ledger import Period, client_pk

    assistant, client = people
    entry_id = log(assistant, 30)
    (period,) = Period.query(client_pk(CLIENT), Period.sk.startswith("period#"))
    period.update(actions=[Period.status.set("closed")])
    answer = call(
        assistant,
        "POST",
        "/api/practice/time-entries",
        {"client_email": CLIENT, "date": TODAY, "minutes": 30, "service": "email", "description": "x"},
    )
    assert answer.status == 409 and answer.json()["reason"] == "period-closed"
    assert call(assistant, "PATCH", f"/api/practice/time-entries/{entry_id}", {"minutes": 60}).status == 409
    assert call(assistant, "DELETE", f"/api/practice/time-entries/{entry_id}").status == 409
    assert meter(client)["used_minutes"] == 30


def test_roles_and_own_hours_only(api, sent_mail, people):
    assistant, client = people
    retainer("grace@example.com")
    other = sign_in(api, sent_mail, "grace@example.com")
    log(assistant, 30)
    assert meter(other)["used_minutes"] == 0 and meter(client)["used_minutes"] == 30
    entry = {"client_email": CLIENT, "date": TODAY, "minutes": 600, "service": "email", "description": "x"}
    for method, path, body in [
        ("POST", "/api/practice/time-entries", entry),
        ("PATCH", "/api/practice/time-entries/abc", {"minutes": 30}),
        ("DELETE", "/api/practice/time-entries/abc", None),
        ("GET", f"/api/practice/clients/{quote(CLIENT)}/tracker-names", None),
        ("PUT", f"/api/practice/clients/{quote(CLIENT)}/tracker-names", {"names": []}),
    ]:
        assert call(client, method, path, body).status == 403, (method, path)
    assert meter(client)["used_minutes"] == 30
    raw = call(
        client,
        "POST",
        "/api/practice/time-entries/import?format=toggl",
        headers={"content-type": "text/csv"},
        raw=b"a,b\n",
    )
    assert raw.status == 403
    assert assistant.get("/api/me/hours").status == 403
    assert api.get("/api/me/hours").status == 401
    make_client("nobody@example.com")
    assert meter(client)  # and a client without a retainer has no ledger:
    assert sign_in(api, sent_mail, "nobody@example.com").get("/api/me/hours").status == 404


def test_tracker_names_round_trip_and_limits(people):
    assistant, _ = people
    path = f"/api/practice/clients/{quote(CLIENT)}/tracker-names"
    assert assistant.get(path).json() == {"names": []}
    saved = call(assistant, "PUT", path, {"names": ["Acme Corp", " acme corp ", "Acme retainer"]})
    assert saved.status == 200 and saved.json() == {"names": ["Acme Corp", "Acme retainer"]}
    assert assistant.get(path).json() == {"names": ["Acme Corp", "Acme retainer"]}
    assert call(assistant, "PUT", path, {"names": [f"n{i}" for i in range(21)]}).status == 422
    assert call(assistant, "PUT", path, {"names": ["x" * 121]}).status == 422
    assert assistant.get(f"/api/practice/clients/{quote('who@example.com')}/tracker-names").status == 404


def test_export_and_erasure_cover_the_ledger(people):
    from portal.models.ledger import Entry, client_pk

    assistant, client = people
    entry_id = log(assistant, 30)
    call(assistant, "PUT", f"/api/practice/clients/{quote(CLIENT)}/tracker-names", {"names": ["Ada Co"]})
    exported = client.get("/api/me/export").json()["hours_ledger"]
    assert [e["entry_id"] for e in exported["entries"]] == [entry_id] and exported["tracker_names"] == [
        "Ada Co"
    ]
    assert exported["periods"][0]["used_minutes"] == 30
    erased = call(
        assistant, "POST", f"/api/practice/clients/{quote(CLIENT)}/erase", {"confirm_email": CLIENT}
    )
    assert erased.status == 200, erased.body
    assert list(Entry.query(client_pk(CLIENT))) == []


OPS = st.lists(
    st.tuples(
        st.sampled_from(["log", "edit", "delete"]),
        st.integers(1, 300),
        st.sampled_from([None, "rush", "evenings_weekends"]),
        st.integers(0, 50),
    ),
    min_size=1,
    max_size=12,
)


@pytest.mark.slow  # property-based over the stored ledger
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(ops=OPS)
def test_used_minutes_is_the_sum_of_the_entries(aws_env, ops):
    from portal.ledger import entries, meter, service
    from portal.models.ledger import Period, client_pk

    email = f"prop{aws_env()}@example.com"
    retainer(email)
    r = service.require_retainer(email)
    live: list[str] = []
    for op, minutes, surcharge, pick in ops:
        if op == "log" or not live:
            live.append(
                entries.log(
                    "hello@northstar-va.example",
                    r,
                    day=TODAY,
                    minutes=minutes,
                    service="email",
                    description="x",
                    surcharge=surcharge,
                )[0]
            )
        elif op == "edit":
            entries.change(
                "hello@northstar-va.example",
                live[pick % len(live)],
                {"minutes": minutes, "surcharge": surcharge},
            )
        else:
            entries.change("hello@northstar-va.example", live.pop(pick % len(live)), None)
    (period,) = Period.query(client_pk(email), Period.sk.startswith("period#"), consistent_read=True)
    found = meter.entries_of(r.email, r.start)
    assert sorted(e.entry_id for e in found) == sorted(live)
    assert int(period.used_minutes) == sum(int(e.billed_minutes) for e in found)


@pytest.fixture
def aws_env(aws):
    counter = iter(range(10**6))
    return lambda: next(counter)
