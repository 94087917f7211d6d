"""All of one client's ledger at once: their copy of it ("download my data") and its erasure."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from portal.models.clients import client_key

if TYPE_CHECKING:
    from pynamodb.models import Model


def export(email: str) -> dict[str, Any]:
    """Every ledger item of the client, as stored ("download my data")."""
    from portal.models.ledger import TRACKER_NAMES_PK, Entry, Period, TrackerNames, client_pk

    def plain(item: Model) -> dict[str, Any]:
        return {
            k: v.as_dict() if hasattr(v, "as_dict") else v
            for k, v in item.attribute_values.items()
            if k not in ("pk", "sk")
        }

    pk = client_pk(email)
    names = list(TrackerNames.query(TRACKER_NAMES_PK, TrackerNames.sk == client_key(email)))
    return {
        "periods": [
            plain(p) | {"rollover": [b.as_dict() for b in p.rollover or []]}
            for p in Period.query(pk, Period.sk.startswith("period#"))
        ],
        "entries": [plain(e) for e in Entry.query(pk, Entry.sk.startswith("entry#"))],
        "tracker_names": list(names[0].names) if names else [],
    }


def erase(email: str) -> int:
    """Deletes the client's whole ledger partition (periods, entries, purchases) and their tracker
    names; safe to repeat."""
    from portal.models.ledger import TRACKER_NAMES_PK, Entry, TrackerNames, client_pk

    erased = 0
    for item in Entry.query(client_pk(email), attributes_to_get=["pk", "sk"]):
        Entry(item.pk, item.sk).delete()
        erased += 1
    TrackerNames(TRACKER_NAMES_PK, client_key(email)).delete()
    return erased
