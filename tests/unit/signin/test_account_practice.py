"""The account page and the practice view: each client sees only their own records, only the
assistant gets into the practice view, and her changes go through the same rules as the client's."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.unit.booking_helpers import book, free_slots, link
from tests.unit.signin.helpers import ASSISTANT, Browser, make_client, sign_in

PRACTICE_GETS = [
    "/api/practice/clients",
    "/api/practice/clients/ada%40example.com",
    "/api/practice/bookings",
    "/api/practice/intakes",
    "/api/practice/audit",
]
PRACTICE_POSTS = [
    ("/api/practice/bookings/{id}/cancel", None),
    ("/api/practice/bookings/{id}/reschedule", {"start": "{start}"}),
    ("/api/practice/intakes/x/reviewed", None),
    ("/api/practice/clients/ada%40example.com/erase", {"confirm_email": "ada@example.com"}),
]


@pytest.fixture
def two_clients(api, sent_mail):
    from portal.models.billing import Invoice

    slots = free_slots(api)
    ada_booking = book(api, slots[0]["start"])  # books as ada@example.com
    grace_booking = book(api, slots[3]["start"], email="grace@example.com")
    now = datetime.now(UTC)
    Invoice(
        "in_ada",
        email="ada@example.com",
        status="paid",
        amount=76000,
        currency="usd",
        period_start=now,
        period_end=now,
        tier="professional-20",
        hosted_invoice_url="https://invoice.example/in_ada",
        last_event_created=1,
        updated_at=now,
    ).save()
    make_client(
        "ada@example.com",
        tier="professional-20",
        hours_per_month=20,
        retainer_status="active",
        stripe_customer_id="cus_ada",
        current_period_start=now,
        current_period_end=now,
    )
    return {
        "ada": sign_in(api, sent_mail, "ada@example.com"),
        "grace": sign_in(api, sent_mail, "grace@example.com"),
        "assistant": sign_in(api, sent_mail, ASSISTANT),
        "ada_booking": link(ada_booking)[0],
        "grace_booking": link(grace_booking)[0],
        "slots": slots,
    }


def test_a_client_sees_their_plan_invoice_and_calls_and_nobody_elses(two_clients):
    account = two_clients["ada"].get("/api/me/account").json()
    assert account["retainer"]["tier_name"] == "Professional" and account["retainer"]["status"] == "active"
    assert [i["hosted_invoice_url"] for i in account["invoices"]] == ["https://invoice.example/in_ada"]
    assert [b["id"] for b in account["bookings"]["upcoming"]] == [two_clients["ada_booking"]]
    assert account["bookings"]["upcoming"][0]["manage_url"].startswith(
        "http://127.0.0.1:8000/manage-booking/"
    )
    other = two_clients["grace"].get("/api/me/account").json()
    assert other["invoices"] == [] and other["retainer"] is None
    assert [b["id"] for b in other["bookings"]["upcoming"]] == [two_clients["grace_booking"]]
    # Ids in the request never choose the client: the session does.
    sneaky = two_clients["grace"].get("/api/me/account?email=ada@example.com")
    assert sneaky.status in (200, 422) and "in_ada" not in sneaky.body.decode()


def test_download_my_data_is_one_json_file_of_their_records(two_clients):
    answer = two_clients["ada"].get("/api/me/export")
    assert answer.status == 200 and "attachment" in answer.headers["content-disposition"]
    data = answer.json()
    assert data["email"] == "ada@example.com" and data["client_record"]["stripe_customer_id"] == "cus_ada"
    assert "grace" not in answer.body.decode()


def test_the_practice_view_is_the_assistants_only(api, two_clients):
    booking = two_clients["grace_booking"]
    for client in (two_clients["ada"], two_clients["grace"]):
        for path in PRACTICE_GETS:
            assert client.get(path).status == 403, path
        for path, body in PRACTICE_POSTS:
            path = path.format(id=booking)
            body = (
                {k: v.format(start=two_clients["slots"][5]["start"]) for k, v in body.items()}
                if body
                else None
            )
            assert client.post(path, body).status == 403, path
    nobody = Browser(api)
    assert all(nobody.get(path).status == 401 for path in PRACTICE_GETS)
    assert all(nobody.get(path).status == 401 for path in ("/api/me", "/api/me/account", "/api/me/export"))
    assert two_clients["assistant"].get("/api/me/account").status == 403
    assert api.get("/api/bookings/" + booking).status == 404  # and the client's records did not move


def test_the_assistant_lists_clients_and_opens_one(two_clients):
    assistant = two_clients["assistant"]
    rows = assistant.get("/api/practice/clients").json()["clients"]
    assert {r["email"] for r in rows} == {"ada@example.com", "grace@example.com"}
    assert [r["email"] for r in assistant.get("/api/practice/clients?status=active").json()["clients"]] == [
        "ada@example.com"
    ]
    assert [r["email"] for r in assistant.get("/api/practice/clients?q=grace").json()["clients"]] == [
        "grace@example.com"
    ]
    one = assistant.get("/api/practice/clients/ada%40example.com").json()
    assert one["client"]["tier"] == "professional-20" and one["invoices"][0]["id"] == "in_ada"
    assert assistant.get("/api/practice/clients/nobody%40example.com").status == 404


def test_the_assistant_cancels_a_call_the_slot_frees_the_client_is_told_and_it_is_audited(
    api, two_clients, sent_mail
):
    assistant, booking = two_clients["assistant"], two_clients["ada_booking"]
    start = two_clients["slots"][0]["start"]
    assert start not in [s["start"] for s in free_slots(api)]
    answer = assistant.post(f"/api/practice/bookings/{booking}/cancel")
    assert answer.status == 200 and answer.json()["status"] == "cancelled"
    assert start in [s["start"] for s in free_slots(api)]
    told = [m for m in sent_mail() if m["to"] == "ada@example.com" and m["subject"].startswith("Cancelled")]
    assert len(told) == 1 and "cancelled by" in told[0]["text"]
    assert assistant.post(f"/api/practice/bookings/{booking}/cancel").status == 409
    entries = assistant.get("/api/practice/audit").json()["entries"]
    assert [(e["actor"], e["action"], e["target"]) for e in entries] == [
        (ASSISTANT, "booking.cancel", booking)
    ]


def test_the_assistant_reschedules_under_the_same_rules(api, two_clients):
    assistant, booking = two_clients["assistant"], two_clients["grace_booking"]
    taken = two_clients["slots"][0]["start"]
    assert assistant.post(f"/api/practice/bookings/{booking}/reschedule", {"start": taken}).status == 409
    free = two_clients["slots"][8]["start"]
    moved = assistant.post(f"/api/practice/bookings/{booking}/reschedule", {"start": free})
    assert moved.status == 200 and moved.json()["start"] == free


def test_intakes_are_marked_reviewed_with_an_audit_entry(api, two_clients):
    from tests.unit.intake_helpers import URL, form

    assert api.post(URL, form()).status == 201
    assistant = two_clients["assistant"]
    new = assistant.get("/api/practice/intakes?status=new").json()["intakes"]
    assert len(new) == 1
    assert assistant.post(f"/api/practice/intakes/{new[0]['id']}/reviewed").json()["status"] == "reviewed"
    assert assistant.get("/api/practice/intakes?status=new").json()["intakes"] == []
    assert assistant.post("/api/practice/intakes/nope/reviewed").status == 404


def test_erasing_a_client_removes_their_data_keeps_invoices_and_audits_by_digest(api, two_clients, sent_mail):
    from portal.models.billing import Invoice
    from portal.models.bookings import Booking
    from portal.models.clients import Client

    assistant = two_clients["assistant"]
    start = two_clients["slots"][0]["start"]
    assert (
        assistant.post(
            "/api/practice/clients/ada%40example.com/erase", {"confirm_email": "grace@example.com"}
        ).status
        == 422
    )
    answer = assistant.post(
        "/api/practice/clients/ada%40example.com/erase", {"confirm_email": "ada@example.com"}
    )
    assert answer.status == 200 and answer.json()["bookings"] == 1 and answer.json()["invoices_kept"] == 1
    assert "ada@example.com" not in str([b.attribute_values for b in Booking.scan()])
    assert [c.email for c in Client.scan()] == ["grace@example.com"]
    assert Invoice.get("in_ada").email.startswith("sha256:")
    assert start in [s["start"] for s in free_slots(api)]  # its slot is free again
    assert two_clients["ada"].get("/api/me").status == 401  # her sessions are gone
    entry = assistant.get("/api/practice/audit").json()["entries"][0]
    assert (
        entry["action"] == "client.erase"
        and entry["target"].startswith("sha256:")
        and "ada" not in entry["target"]
    )
    again = assistant.post(
        "/api/practice/clients/ada%40example.com/erase", {"confirm_email": "ada@example.com"}
    )
    assert again.status == 200 and again.json()["bookings"] == 0
