"""The assistant's practice view: clients, calls, intakes, erasure and the audit trail."""
