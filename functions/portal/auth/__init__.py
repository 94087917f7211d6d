"""Passwordless sign-in: emailed single-use links and cookie sessions."""
