"""The client intake questionnaire: its rules (rules.py), storing it once (service.py), its two
emails (emails.py)."""
