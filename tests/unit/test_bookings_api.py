"""Booking through the API in-process (moto): the rules enforced by the server, the manage link,
emails with invites, availability across zones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from portal.bookings.rules import rules
from tests.date_words import spoken_short, spoken_when
from tests.unit.booking_helpers import book, free_slots, link


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
    local, local_end = (datetime.fromisoformat(sydney_slot[key]) for key in ("start", "end"))
    assert f"    {spoken_when(local, local_end, 'Australia/Sydney', 'en')}\n" in mail["syd@example.com"]
    assistant = [
        m["text"]
        for m in sent_mail()
        if m["to"] == "hello@northstar-va.example" and "syd@example.com" in m["text"]
    ][0]
    assert assistant.startswith("New discovery call")
    assert f"When: {spoken_when(local, local_end, 'America/New_York', 'en')}\n" in assistant
    assert f"Their time: {spoken_when(local, local_end, 'Australia/Sydney', 'en')}\n" in assistant
    (notice,) = [m for m in sent_mail() if m["to"] == "hello@northstar-va.example" and "syd@" in m["text"]]
    home = local.astimezone(rules().zone)
    assert notice["subject"] == f"New discovery call: Ada Lovelace, {spoken_short(home)}"


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
