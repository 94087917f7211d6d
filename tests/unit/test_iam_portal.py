"""Least privilege for the portal function, proven by running it: every AWS call its routes make
(sign-in, the client's account and hours, the practice view, the hours ledger, erasure) is allowed by
its role in the translated template, on the exact table or index it names, and every DynamoDB action
its role grants on a table or index is one a flow used."""

from __future__ import annotations

import json
import re
from datetime import date
from urllib.parse import quote

import pytest

from tests.unit.ledger.api_helpers import TODAY, call
from tests.unit.ledger.api_helpers import log as ledger_log
from tests.unit.ledger.tracker_samples import entry, to_csv
from tests.unit.signin.helpers import ASSISTANT, make_client, sign_in
from tests.unit.stack_helpers import as_list, cfn, refs
from tests.unit.test_iam_actions import _allowed, function_roles, recorded  # noqa: F401 (fixture)

# Slow (`make check` leaves it out): runs every portal flow against the translated template's policies.
pytestmark = pytest.mark.slow

FUNCTION = "PortalFunction"
PAT = "pat@example.com"


def _portal_flows(api, sent_mail, billing, checkout, deliver) -> None:
    """Every path of the portal function that touches AWS differently."""
    from portal.models.clients import Client
    from tests.unit.booking_helpers import book, free_slots, link
    from tests.unit.intake_helpers import URL, form

    # A retainer bought through Stripe (the stand-in), so the billing portal has a customer.
    for event in billing.pay(checkout(email=PAT)):
        assert deliver(event).status == 200
    pat_record = Client.get(PAT)
    slots = free_slots(api)
    assert book(api, slots[0]["start"], email=PAT).status == 201  # erasure deletes it and frees its slot
    grace_call = link(book(api, slots[3]["start"], email="grace@example.com"))[0]
    assert api.post(URL, form(email=PAT)).status == 201  # erasure deletes it

    # Sign-in: a link (rate limits, the outbox) and a session, for a client and for the assistant.
    pat = sign_in(api, sent_mail, PAT)
    assistant = sign_in(api, sent_mail, ASSISTANT)
    make_client("nameless@example.com", name="")
    assert (
        sign_in(api, sent_mail, "nameless@example.com").get("/api/me").status == 200
    )  # the name from the client
    assert pat.get("/api/me").json()["role"] == "client"

    # The client's own records.
    assert pat.get("/api/me/account").status == 200
    assert pat.get("/api/me/hours").json()["used_minutes"] == 0
    assert pat.post("/api/me/extra-hours", {"hours": 2}).status == 409  # hours left: refused
    assert pat.post("/api/me/billing-portal").json()["url"].startswith("http")
    assert pat.get("/api/me/export").status == 200

    # The hours ledger: log (and a retry), edit, delete, use up the month, extra hours approved.
    def log(minutes: int, key: str | None = None) -> str:
        return ledger_log(assistant, minutes, key=key, email=PAT)

    entry_id = log(30, key="9b2f0c1e-5d7a-4c3b-8e1f-2a6d4b8c0e9f")
    assert log(30, key="9b2f0c1e-5d7a-4c3b-8e1f-2a6d4b8c0e9f") == entry_id
    assert call(assistant, "PATCH", f"/api/practice/time-entries/{entry_id}", {"minutes": 45}).status == 200
    assert call(assistant, "DELETE", f"/api/practice/time-entries/{entry_id}").status == 204
    log(600)  # the plan's 10 hours: the 80% and 100% alerts
    assert pat.post("/api/me/extra-hours", {"hours": 2}).status == 200

    # Tracker names and an import of the tracker's export, dry run first.
    names = f"/api/practice/clients/{quote(PAT)}/tracker-names"
    assert assistant.get(names).json() == {"names": []}
    assert call(assistant, "PUT", names, {"names": ["Acme"]}).status == 200
    # One row in this period (imported), one long before it (skipped).
    text = to_csv(
        "toggl",
        [
            entry("toggl", client="Acme", day=date.fromisoformat(TODAY)),
            entry("toggl", client="Acme", day=date(2026, 1, 2)),
        ],
    )
    for dry_run in ("true", "false"):
        answer = call(
            assistant,
            "POST",
            f"/api/practice/time-entries/import?format=toggl&dry_run={dry_run}",
            headers={"content-type": "text/csv"},
            raw=text.encode(),
        )
        assert answer.status == 200, answer.body

    # The practice view.
    assert {c["email"] for c in assistant.get("/api/practice/clients").json()["clients"]} >= {PAT}
    assert assistant.get("/api/practice/clients?status=active").status == 200
    assert assistant.get("/api/practice/clients?q=pat").status == 200
    assert assistant.get(f"/api/practice/clients/{quote(PAT)}").status == 200
    assert assistant.get("/api/practice/bookings").status == 200
    assert assistant.get("/api/practice/bookings?when=past").status == 200
    assert (
        assistant.post(f"/api/practice/bookings/{grace_call}/reschedule", {"start": slots[8]["start"]}).status
        == 200
    )
    assert assistant.post(f"/api/practice/bookings/{grace_call}/cancel").status == 200
    (intake,) = assistant.get("/api/practice/intakes?status=new").json()["intakes"]
    assert assistant.post(f"/api/practice/intakes/{intake['id']}/reviewed").status == 200
    assert assistant.get("/api/practice/audit").json()["entries"]

    # A renewal closes the period (BillingFunction and the outbox); the client downloads its statement.
    for event in billing.renew(pat_record.subscription_id):
        assert deliver(event).status == 200
    api.outbox.stream_once()
    api.outbox.stream_once()
    statements = pat.get("/api/me/hours").json()["statements"]
    assert statements, "the renewal closed no period"
    download = pat.get(statements[0]["url"])
    assert download.status == 200, download.body

    # Sign out here, everywhere, and erase the client (GDPR) with her call still on the calendar.
    assert pat.post("/api/auth/sign-out").status == 204
    again = sign_in(api, sent_mail, PAT)
    assert again.post("/api/auth/sign-out-everywhere").status == 204
    erased = assistant.post(f"/api/practice/clients/{quote(PAT)}/erase", {"confirm_email": PAT})
    assert erased.status == 200, erased.body
    counts = erased.json()
    # Her call, her intake, and two invoices kept (the first month and the renewal).
    assert (counts["bookings"], counts["intakes"], counts["invoices_kept"]) == (1, 1, 2), counts


def _exactly(statements: list[dict], action: str, table: str, index: str | None) -> bool:
    """The call is allowed on exactly the resource it names: the table's ARN for a table, the
    index's own ARN for an index (not an index ARN for a table, nor any index for another)."""
    wanted = (
        ({"Fn::GetAtt": [table, "Arn"]}, {"Fn::Sub": f"${{{table}.Arn}}"})
        if index is None
        else ({"Fn::Sub": f"${{{table}.Arn}}/index/{index}"},)
    )
    return any(
        s["Effect"] == "Allow"
        and action in as_list(s["Action"])
        and any(r in wanted for r in as_list(s["Resource"]))
        for s in statements
    )


def _granted(statements: list[dict], tables: set[str]) -> set[tuple[str, str, str | None]]:
    """(action, table, index) of every DynamoDB grant."""
    grants = set()
    for statement in statements:
        for action in (a for a in as_list(statement["Action"]) if a.startswith("dynamodb:")):
            for resource in as_list(statement["Resource"]):
                (table,) = refs(resource) & tables
                index = re.search(r"/index/(.+)$", json.dumps(resource))
                grants.add((action, table, index.group(1).rstrip('"}') if index else None))
    return grants


def test_every_portal_call_is_allowed_and_every_table_action_granted_is_used(
    api, recorded, sent_mail, billing, checkout, deliver
):
    _portal_flows(api, sent_mail, billing, checkout, deliver)
    statements = function_roles()[FUNCTION]
    calls = recorded[FUNCTION]
    denied = sorted(c for c in calls if not _allowed(statements, *c))
    assert not denied, (
        f"{FUNCTION} calls what its role does not allow: {denied}; all: {sorted(calls, key=str)}"
    )
    tables = {
        name for name, resource in cfn()["Resources"].items() if resource["Type"] == "AWS::DynamoDB::Table"
    }
    dynamo = {c for c in calls if c[0].startswith("dynamodb:")}
    broad = sorted((c for c in dynamo if not _exactly(statements, *c)), key=str)
    assert not broad, f"{FUNCTION} calls allowed only through another table's or index's ARN: {broad}"
    unused = sorted(_granted(statements, tables) - dynamo, key=str)
    assert not unused, f"{FUNCTION} is granted what no flow uses: {unused}"
