"""The retainer-hours ledger: the assistant's tracked time, imported from a time tracker's export."""
