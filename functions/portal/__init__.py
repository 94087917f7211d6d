"""The client portal's Lambda code: HTTP routers, domain rules and data access."""
