"""The retainer hours ledger: how logged time becomes billed minutes, drawn from the period's buckets."""
