"""The retainer hours ledger: time logged or imported, the meter, rollover, alerts, approvals, statements."""
