"""The flows test_faults.py breaks (book, reschedule, cancel, intake) and what must hold after each:
the change made once, each email sent once, each reminder schedule matching its booking, nothing
left pending in the outbox."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import boto3

from portal.outbox import delivery

UTC = UTC
FORM = json.loads((Path(__file__).parents[1] / "events" / "intake.json").read_text())


# ------------------------------------------------------------------ the flows and what must hold


def slots(api) -> list[str]:
    today = date.today()
    answer = api.get(f"/api/availability?from={today}&to={today + timedelta(days=30)}&tz=America/New_York")
    return [slot["start"] for slot in answer.json()["slots"]]


def book(api, start: str, key: str = "key-1"):
    return api.post(
        "/api/bookings",
        {"name": "Ada Lovelace", "email": "ada@example.com", "start": start, "timezone": "America/New_York"},
        headers={"Idempotency-Key": key},
    )


def link(answer) -> tuple[str, str]:
    query = parse_qs(urlsplit(answer.json()["manage_url"]).query)
    return query["id"][0], query["token"][0]


def drain(minutes: int = 240) -> None:
    """The outbox's sweep, run as its schedule would over the next hours (backoff doubles to an hour)."""
    for after in (2, 4, 8, 16, 32, 64, 128, minutes):
        delivery.sweep(datetime.now(UTC) + timedelta(minutes=after))


def settled(sent_mail, emails: int) -> None:
    """Nothing pending or dead, and exactly `emails` emails, none twice."""
    from portal.models.outbox import OutboxMessage

    statuses = Counter(item.status for item in OutboxMessage.scan())
    assert set(statuses) <= {"sent", "skipped"}, statuses
    mail = [
        (
            m["to"],
            m["subject"],
            next(
                (
                    line
                    for a in m["attachments"]
                    for line in (a["content"] or "").splitlines()
                    if line.startswith("SEQUENCE:")
                ),
                "",
            ),
        )
        for m in sent_mail()
    ]
    assert len(mail) == emails and len(set(mail)) == emails, Counter(mail)


def bookings() -> list:
    from portal.models.bookings import Booking

    return [item for item in Booking.scan() if item.kind == "booking"]


def schedule(booking_id: str) -> dict | None:
    from portal.bookings import reminders

    scheduler = boto3.client("scheduler")
    try:
        return scheduler.get_schedule(
            Name=reminders.schedule_name(booking_id), GroupName="ReminderScheduleGroup"
        )
    except scheduler.exceptions.ResourceNotFoundException:
        return None


def reminder_matches(booking) -> None:
    found = schedule(booking.id)
    if booking.status != "confirmed":
        assert found is None
        return
    assert found is not None and json.loads(found["Target"]["Input"])["start_utc"] == booking.start_utc


def made(api, start: str) -> tuple[str, str]:
    """A booking made without faults, its emails and schedule delivered."""
    answer = book(api, start, key="setup")
    assert answer.status == 201, answer.body
    drain()
    return link(answer)


def change(api, flow: str, free: list[str], booking: tuple[str, str] | None):
    if flow == "book":
        return book(api, free[0])
    if flow == "intake":
        return api.post("/api/intake", FORM)
    booking_id, token = booking
    if flow == "reschedule":
        return api.post(f"/api/bookings/{booking_id}/reschedule", {"token": token, "start": free[-1]})
    return api.post(f"/api/bookings/{booking_id}/cancel", {"token": token})


EXPECTED = {"book": 2, "reschedule": 2, "cancel": 2, "intake": 2}  # emails each change sends
OK = {"book": 201, "reschedule": 200, "cancel": 200, "intake": 201}


def check(api, sent_mail, flow: str, setup_emails: int) -> None:
    settled(sent_mail, setup_emails + EXPECTED[flow])
    if flow == "intake":
        from portal.models.clients import Client
        from portal.models.intake import Intake

        assert [item.id for item in Intake.scan()] == [FORM["submission_id"]]
        assert Client.get(FORM["email"].lower()).name == FORM["name"]
        return
    (booking,) = bookings()
    assert int(booking.sequence) == {"book": 0, "reschedule": 1, "cancel": 1}[flow]
    assert booking.status == ("cancelled" if flow == "cancel" else "confirmed")
    reminder_matches(booking)


def retry(api, flow: str, free: list[str], booking, first) -> None:
    """The visitor's retry after whatever they were answered: the same request again."""
    again = change(api, flow, free, booking)
    if first.status == OK[flow] and flow in ("book", "intake"):
        assert again.status == OK[flow] and again.json() == first.json()  # the same answer, nothing new
    elif first.status == OK[flow]:
        assert again.status in (200, 409), again.body  # moved already (same answer) or cancelled already
    else:
        assert again.status == OK[flow], again.body


def run(api, sent_mail, faults, flow: str, arm) -> None:
    free = slots(api)
    booking = made(api, free[0]) if flow in ("reschedule", "cancel") else None
    setup_emails = len(sent_mail())
    arm(faults)
    first = change(api, flow, free, booking)
    assert first.status in (OK[flow], 503), first.body
    if first.status == 503:
        assert "try again" in first.json()["message"].lower()
    retry(api, flow, free, booking, first)
    drain()
    assert sum(faults.raised.values()) > 0, "the fault never happened"
    check(api, sent_mail, flow, setup_emails)


FLOWS = ["book", "reschedule", "cancel", "intake"]
