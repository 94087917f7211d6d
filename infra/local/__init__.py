"""The local stack: template.yaml run offline, in-process, on one origin (see dev.py)."""
