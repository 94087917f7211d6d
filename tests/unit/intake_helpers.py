"""A valid intake questionnaire to change one answer of, and the stored intakes (test_intake*.py)."""

from __future__ import annotations

import uuid

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
    from portal.models.intake import Intake

    return list(Intake.scan())
