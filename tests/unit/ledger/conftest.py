"""The ledger API tests' people: a retainer client, and the assistant and that client signed in."""

from __future__ import annotations

import pytest

from tests.unit.ledger.api_helpers import CLIENT, retainer
from tests.unit.signin.helpers import ASSISTANT, sign_in


@pytest.fixture
def people(api, sent_mail):
    retainer()
    return sign_in(api, sent_mail, ASSISTANT), sign_in(api, sent_mail, CLIENT)
