"""Booking through the API in-process (moto): the rules enforced by the server, the manage link,
idempotency, emails with invites, reminders."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest

from portal.bookings.rules import rules

TODAY = date.today()


def free_slots(api, tz="America/New_York", days=30):
    answer = api.get(f"/api/availability?from={TODAY}&to={TODAY + timedelta(days=days)}&tz={tz}")
    assert answer.status == 200, answer.body
    return answer.json()["slots"]


def book(api, start, tz="America/New_York", email="ada@example.com", headers=None):
    return api.post(
        "/api/bookings",
        {"name": "Ada Lovelace", "email": email, "start": start, "timezone": tz},
        headers=headers,
    )


def link(answer):
    query = parse_qs(urlsplit(answer.json()["manage_url"]).query)
    return query["id"][0], query["token"][0]


def test_book_a_free_slot_stores_it_readably_and_mails_both(api, sent_mail):
    slot = free_slots(api)[0]
    answer = book(api, slot["start"])
    assert answer.status == 201, answer.body
    body = answer.json()
    assert body["start"] == slot["start"] and body["end"] == slot["end"] and body["status"] == "confirmed"
    assert body["manage_url"].startswith("http://127.0.0.1:8000/manage-booking/?id=")

    from portal.models.bookings import Booking
    from portal.models.clients import Client

    booking_id, token = link(answer)
    item = Booking.get(booking_id)
    assert item.email == "ada@example.com" and item.timezone == "America/New_York"
    assert item.start_local == slot["start"] and item.start_utc.endswith("Z")
    assert token not in str(item.attribute_values) and len(item.token_sha256) == 64
    assert Client.get("ada@example.com").name == "Ada Lovelace"
    # The index lists it with a Query: the assistant's upcoming calls.
    assert [b.id for b in Booking.by_status.query("confirmed")] == [booking_id]

    mails = sorted(sent_mail(), key=lambda m: m["to"])
    assert [m["to"] for m in mails] == ["ada@example.com", "hello@northstar-va.example"]
    invite = mails[0]["attachments"][0]
    assert "METHOD:REQUEST" in invite["content"] and f"UID:booking-{booking_id}@" in invite["content"]
    assert token in mails[0]["text"] and token not in mails[1]["text"]


def test_a_taken_slot_is_a_409_and_disappears_from_availability(api):
    first = free_slots(api)[0]
    assert book(api, first["start"]).status == 201
    again = book(api, first["start"], email="bob@example.com")
    assert again.status == 409 and "taken" in again.json()["message"]
    assert first["start"] not in [s["start"] for s in free_slots(api)]


def test_buffer_after_a_meeting_blocks_the_next_slot(api):
    current = rules()
    assert (
        current.buffer_after_minutes > 0
        and current.slot_interval_minutes <= current.meeting_minutes + current.buffer_after_minutes
    )
    slots = [s["start"] for s in free_slots(api)]

    def after(start):
        return (datetime.fromisoformat(start) + timedelta(minutes=current.meeting_minutes)).isoformat()

    first = next(start for start in slots if after(start) in slots)
    following = after(first)
    assert book(api, first).status == 201
    assert following not in [s["start"] for s in free_slots(api)]
    assert book(api, following, email="bob@example.com").status == 409


@pytest.mark.parametrize(
    "start, reason",
    [
        (lambda: datetime.now(UTC) - timedelta(days=1), "past"),
        (lambda: datetime.now(UTC) + timedelta(hours=1), "notice"),
        (lambda: datetime.now(UTC) + timedelta(days=rules().booking_window_days + 3), "window"),
    ],
)
def test_rules_are_enforced_by_the_server(api, start, reason):
    answer = book(api, start().replace(minute=0, second=0, microsecond=0).isoformat())
    assert answer.status == 409
    assert answer.json()["reason"] == reason


def test_outside_working_hours_is_a_409(api):
    slot = datetime.fromisoformat(free_slots(api)[0]["start"])
    answer = book(api, (slot + timedelta(minutes=7)).isoformat())
    assert answer.status == 409 and answer.json()["reason"] == "hours"
    night = (slot + timedelta(days=1)).astimezone(rules().zone).replace(hour=3, minute=0)
    assert book(api, night.isoformat()).json()["reason"] == "hours"


def test_daily_cap_is_enforced(api):
    slots = free_slots(api)
    day = slots[0]["start"][:10]
    same_day = [s["start"] for s in slots if s["start"][:10] == day]
    booked, answers = [], []
    for start in same_day:
        if any(abs((datetime.fromisoformat(start) - b).total_seconds()) < 3600 for b in booked):
            continue
        answer = book(api, start, email=f"p{len(answers)}@example.com")
        answers.append(answer)
        if answer.status == 201:
            booked.append(datetime.fromisoformat(start))
    assert len(booked) == min(rules().daily_cap, len(booked))
    if len(booked) == rules().daily_cap:
        assert not [s for s in free_slots(api) if s["start"][:10] == day]


@pytest.mark.parametrize(
    "body",
    [
        {"name": "", "email": "a@example.com", "start": "2026-12-01T10:00:00-05:00", "timezone": "UTC"},
        {"name": "A", "email": "not-an-email", "start": "2026-12-01T10:00:00-05:00", "timezone": "UTC"},
        {"name": "A", "email": "a@example.com", "start": "2026-12-01T10:00:00", "timezone": "UTC"},
        {
            "name": "A",
            "email": "a@example.com",
            "start": "2026-12-01T10:00:00-05:00",
            "timezone": "Mars/Olympus",
        },
        {
            "name": "A" * 500,
            "email": "a@example.com",
            "start": "2026-12-01T10:00:00-05:00",
            "timezone": "UTC",
        },
    ],
)
def test_invalid_fields_are_422(api, body):
    answer = api.post("/api/bookings", body)
    assert answer.status == 422, answer.body
    assert answer.json()["message"]


@pytest.mark.parametrize(
    "query",
    [
        "from=2026-13-01&to=2026-12-02&tz=UTC",
        "from=2026-12-01&to=2027-03-01&tz=UTC",
        "from=2026-12-05&to=2026-12-01&tz=UTC",
        "from=2026-12-01&to=2026-12-02&tz=Nowhere/Land",
        "from=2026-12-01&to=2026-12-02&tz=../../etc/passwd",
        "to=2026-12-02",
    ],
)
def test_bad_availability_queries_are_4xx_with_a_message(api, query):
    answer = api.get(f"/api/availability?{query}")
    assert 400 <= answer.status < 500
    assert answer.json()["message"]


def test_availability_offsets_follow_the_zone(api):
    sydney = free_slots(api, "Australia/Sydney")
    new_york = free_slots(api, "America/New_York")
    assert len(sydney) == len(new_york) > 0
    assert {datetime.fromisoformat(s["start"]) for s in sydney} == {
        datetime.fromisoformat(s["start"]) for s in new_york
    }
    assert all(s["start"][-6:] in ("+10:00", "+11:00") for s in sydney)
    assert all(s["start"][-6:] in ("-05:00", "-04:00") for s in new_york)


def test_sydney_and_new_york_bookers_get_the_time_they_chose(api, sent_mail):
    sydney_slot, ny_slot = free_slots(api, "Australia/Sydney")[0], free_slots(api, "America/New_York")[-1]
    sydney = book(api, sydney_slot["start"], tz="Australia/Sydney", email="syd@example.com").json()
    new_york = book(api, ny_slot["start"], tz="America/New_York", email="nyc@example.com").json()
    assert sydney["start"] == sydney_slot["start"] and new_york["start"] == ny_slot["start"]
    from portal.models.bookings import Booking

    stored = Booking.get(sydney["id"])
    assert datetime.fromisoformat(stored.start_local) == datetime.fromisoformat(sydney_slot["start"])
    assert stored.start_local == sydney_slot["start"] and stored.start_home.endswith(("-05:00", "-04:00"))
    mail = {m["to"]: m["text"] for m in sent_mail()}
    local = datetime.fromisoformat(sydney_slot["start"])
    assert f"{local:%H:%M}" in mail["syd@example.com"] and "Australia/Sydney" in mail["syd@example.com"]
    assistant = [
        m["text"]
        for m in sent_mail()
        if m["to"] == "hello@northstar-va.example" and "syd@example.com" in m["text"]
    ][0]
    home = local.astimezone(rules().zone)
    assert assistant.startswith("New discovery call") and f"{home:%H:%M}" in assistant.split("Their time")[0]
    assert "America/New_York" in assistant.split("Their time")[0]


def test_manage_link_shows_reschedules_and_cancels(api, sent_mail):
    slots = free_slots(api)
    created = book(api, slots[0]["start"])
    booking_id, token = link(created)
    shown = api.get(f"/api/bookings/{booking_id}?token={token}")
    assert shown.status == 200 and shown.json()["start"] == slots[0]["start"]

    target = slots[-1]["start"]
    moved = api.post(f"/api/bookings/{booking_id}/reschedule", {"token": token, "start": target})
    assert moved.status == 200, moved.body
    assert moved.json()["start"] == target
    assert api.get(f"/api/bookings/{booking_id}?token={token}").json()["start"] == target
    # The old slot is free again, the new one taken.
    free = [s["start"] for s in free_slots(api)]
    assert slots[0]["start"] in free and target not in free

    cancelled = api.post(f"/api/bookings/{booking_id}/cancel", {"token": token})
    assert cancelled.status == 200 and cancelled.json()["status"] == "cancelled"
    assert target in [s["start"] for s in free_slots(api)]
    assert (
        api.post(
            f"/api/bookings/{booking_id}/reschedule", {"token": token, "start": slots[1]["start"]}
        ).status
        == 409
    )
    assert api.post(f"/api/bookings/{booking_id}/cancel", {"token": token}).status == 409

    booker = [m for m in sent_mail() if m["to"] == "ada@example.com"]
    invites = [m["attachments"][0]["content"] for m in booker]
    assert ["METHOD:REQUEST" in i for i in invites] == [True, True, False]
    assert "METHOD:CANCEL" in invites[2]
    uids = {line for i in invites for line in i.splitlines() if line.startswith("UID:")}
    assert len(uids) == 1
    sequences = [
        int(line.split(":")[1]) for i in invites for line in i.splitlines() if line.startswith("SEQUENCE:")
    ]
    assert sequences == sorted(sequences) and len(set(sequences)) == 3
    assistant = [m for m in sent_mail() if m["to"] == "hello@northstar-va.example"]
    assert len(assistant) == 3


def test_reschedule_to_an_overlapping_slot_keeps_its_own_locks(api):
    slots = [s["start"] for s in free_slots(api)]
    after = lambda start: (datetime.fromisoformat(start) + timedelta(minutes=30)).isoformat()  # noqa: E731
    chosen = next(start for start in slots if after(start) in slots)
    first, later = datetime.fromisoformat(chosen), after(chosen)
    booking_id, token = link(book(api, chosen))
    moved = api.post(f"/api/bookings/{booking_id}/reschedule", {"token": token, "start": later})
    assert moved.status == 200, moved.body
    # The first slot is free again unless the moved call's buffers still reach over it.
    current = rules()
    overlap = first + current.meeting + current.after > datetime.fromisoformat(later) - current.before
    expected = 409 if overlap else 201
    assert book(api, chosen, email="bob@example.com").status == expected


@pytest.mark.parametrize(
    "path", ["/api/bookings/{id}?token=wrong", "/api/bookings/{id}", "/api/bookings/nope?token={token}"]
)
def test_wrong_or_missing_token_reveals_nothing(api, path):
    booking_id, token = link(book(api, free_slots(api)[0]["start"]))
    answer = api.get(path.format(id=booking_id, token=token))
    assert answer.status == 404
    assert "Ada" not in answer.body.decode()
    assert api.post(f"/api/bookings/{booking_id}/cancel", {"token": "wrong"}).status == 404


def test_same_idempotency_key_returns_the_same_booking_once(api, sent_mail):
    from portal.models.bookings import Booking

    start = free_slots(api)[0]["start"]
    first = book(api, start, headers={"Idempotency-Key": "k-123"})
    again = book(api, start, headers={"Idempotency-Key": "k-123"})
    assert first.status == 201 and again.status == 201
    assert first.json() == again.json()
    assert len(list(Booking.by_status.query("confirmed"))) == 1
    assert len([m for m in sent_mail() if m["to"] == "ada@example.com"]) == 1
    other = book(api, free_slots(api)[0]["start"], headers={"Idempotency-Key": "k-123"})
    assert other.status == 422  # the same key for a different request


def test_reminder_is_scheduled_moved_and_deleted(api):
    from portal.bookings import reminders
    from portal.settings import settings

    scheduler = boto3.client("scheduler")
    group = settings().reminder_schedule_group
    slots = free_slots(api)
    booking_id, token = link(book(api, slots[0]["start"]))
    name = reminders.schedule_name(booking_id)
    schedule = scheduler.get_schedule(Name=name, GroupName=group)
    expected = max(datetime.fromisoformat(slots[0]["start"]) - timedelta(hours=24), datetime.now(UTC))
    at = datetime.fromisoformat(schedule["ScheduleExpression"][3:-1]).replace(tzinfo=UTC)
    assert abs((at - expected).total_seconds()) < 120
    assert schedule["Target"]["Arn"] == settings().reminder_function_arn

    api.post(f"/api/bookings/{booking_id}/reschedule", {"token": token, "start": slots[-1]["start"]})
    moved = scheduler.get_schedule(Name=name, GroupName=group)
    assert moved["ScheduleExpression"] != schedule["ScheduleExpression"]
    api.post(f"/api/bookings/{booking_id}/cancel", {"token": token})
    with pytest.raises(scheduler.exceptions.ResourceNotFoundException):
        scheduler.get_schedule(Name=name, GroupName=group)


def test_reminder_function_sends_only_for_a_standing_booking(api, sent_mail):
    import json

    from infra.local.runner import LambdaContext
    from portal.bookings import reminders
    from portal.handlers import reminders as handler

    slots = free_slots(api)
    booking_id, token = link(book(api, slots[0]["start"]))
    scheduled = json.loads(
        boto3.client("scheduler").get_schedule(
            Name=reminders.schedule_name(booking_id), GroupName="ReminderScheduleGroup"
        )["Target"]["Input"]
    )
    context = LambdaContext("ReminderFunction", 512, 10, "r1")
    before = len(sent_mail())
    assert handler.lambda_handler(scheduled, context) == {"sent": True, "reason": "due"}
    assert "Reminder" in sent_mail()[-1]["subject"] and len(sent_mail()) == before + 1

    api.post(f"/api/bookings/{booking_id}/reschedule", {"token": token, "start": slots[-1]["start"]})
    assert handler.lambda_handler(scheduled, context)["reason"] == "moved"
    api.post(f"/api/bookings/{booking_id}/cancel", {"token": token})
    new_event = {"booking_id": booking_id, "start_utc": scheduled["start_utc"]}
    assert handler.lambda_handler(new_event, context)["sent"] is False
    assert handler.lambda_handler({"booking_id": "missing", "start_utc": "x"}, context)["sent"] is False
    assert len(sent_mail()) == before + 1 + 4  # only the reschedule and cancel emails after the reminder


def test_an_outage_is_a_503_not_a_409(api, monkeypatch):
    from pynamodb.connection.base import Connection
    from pynamodb.exceptions import TransactWriteError

    def broken(*args, **kwargs):
        raise TransactWriteError("DynamoDB is down")

    monkeypatch.setattr(Connection, "transact_write_items", broken)
    answer = book(api, free_slots(api)[0]["start"])
    assert answer.status == 503
    assert "DynamoDB" not in answer.body.decode()


def test_reschedule_obeys_the_same_rules(api):
    slots = free_slots(api)
    booking_id, token = link(book(api, slots[0]["start"]))
    other = book(api, slots[-1]["start"], email="bob@example.com")
    assert other.status == 201
    move = lambda start: api.post(f"/api/bookings/{booking_id}/reschedule", {"token": token, "start": start})  # noqa: E731
    assert move(slots[-1]["start"]).json()["reason"] == "taken"
    assert (
        move(
            (datetime.now(UTC) - timedelta(hours=2)).replace(minute=0, second=0, microsecond=0).isoformat()
        ).status
        == 409
    )
    assert move("2026-12-01T10:00:00").status == 422
    assert api.get(f"/api/bookings/{booking_id}?token={token}").json()["start"] == slots[0]["start"]


@pytest.mark.parametrize("email", ["josé@example.com", "用户@example.com"])
def test_an_address_ses_cannot_deliver_to_is_refused_with_a_clear_422(api, email):
    from portal.addresses import UNDELIVERABLE

    today = date.today()
    slots = api.get(f"/api/availability?from={today}&to={today + timedelta(days=30)}").json()["slots"]
    answer = api.post(
        "/api/bookings", {"name": "Ada", "email": email, "start": slots[0]["start"], "timezone": "UTC"}
    )
    assert answer.status == 422 and answer.json()["detail"][0]["msg"] == f"Value error, {UNDELIVERABLE}"
    for path, body in (
        ("/api/intake", {"email": email}),
        ("/api/auth/link", {"email": email}),
        ("/api/checkout", {"tier": "essentials-10", "email": email}),
    ):
        refused = api.post(path, body)
        assert refused.status == 422 and UNDELIVERABLE in refused.body.decode(), (path, refused.body)


def test_an_accented_domain_is_kept_in_the_form_ses_delivers_to():
    from portal.addresses import ses_deliverable

    assert ses_deliverable("ada@bücher.example") == "ada@xn--bcher-kva.example"
