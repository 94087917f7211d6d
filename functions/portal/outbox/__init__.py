"""The outbox: emails and schedules owed by committed changes, delivered once each."""
