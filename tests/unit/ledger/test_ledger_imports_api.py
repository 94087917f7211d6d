"""Importing a time tracker's export through the API: each format, dry run, re-import, the media
type and the OpenAPI document."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.conftest import EVENTS
from tests.unit.ledger.api_helpers import CLIENT, MARCH, call, meter, post_import, retainer
from tests.unit.ledger.tracker_samples import sample_csv
from tests.unit.signin.helpers import ASSISTANT, sign_in


@pytest.mark.parametrize("format", ["toggl", "clockify", "harvest"])
def test_import_each_format_with_dry_run_and_reimport(api, sent_mail, format):
    retainer(**MARCH)
    assistant = sign_in(api, sent_mail, ASSISTANT)
    client = sign_in(api, sent_mail, CLIENT)
    path = f"/api/practice/clients/{quote(CLIENT)}/tracker-names"
    assert call(assistant, "PUT", path, {"names": ["ACME CORP"]}).status == 200
    text = (EVENTS / "tracker" / f"{format}_detailed.csv").read_text(encoding="utf-8")
    dry = post_import(assistant, format, text, True)
    assert dry.status == 200, dry.body
    dry = dry.json()
    assert dry["dry_run"] is True and dry["imported"] == dry["would_import"] > 0
    assert any("No client is mapped to" in s["reason"] for s in dry["skipped"])
    assert meter(client)["used_minutes"] == 0
    done = post_import(assistant, format, text, False).json()
    assert done["imported"] == dry["imported"] and "dry_run" not in done
    doc = meter(client)
    assert len(doc["entries"]) == done["imported"]
    assert doc["used_minutes"] == sum(e["billed_minutes"] for e in doc["entries"]) > 0
    again = post_import(assistant, format, text, False).json()
    assert again["imported"] == 0 and meter(client)["used_minutes"] == doc["used_minutes"]
    assert post_import(assistant, format, text, True).json()["imported"] == 0


def test_import_rules_media_type_and_openapi(people):
    assistant, _ = people
    call(assistant, "PUT", f"/api/practice/clients/{quote(CLIENT)}/tracker-names", {"names": ["Acme"]})
    text = sample_csv("toggl", 3)  # dated January 2026: outside the current period
    answer = post_import(assistant, "toggl", text, False).json()
    assert answer["imported"] == 0 and all("outside" in s["reason"] for s in answer["skipped"])
    as_json = call(assistant, "POST", "/api/practice/time-entries/import?format=toggl", {"csv": text})
    assert as_json.status == 415
    unreadable = post_import(assistant, "toggl", "not,a,tracker\n1,2,3\n", False)
    assert unreadable.status == 422
    # Only this path takes text/csv: everywhere else it is still refused at the edge.
    other = call(
        assistant, "POST", "/api/practice/time-entries", headers={"content-type": "text/csv"}, raw=b"a"
    )
    assert other.status == 415
    document = assistant.get("/api/openapi.json").json()
    body = document["paths"]["/api/practice/time-entries/import"]["post"]["requestBody"]
    assert "text/csv" in body["content"]
