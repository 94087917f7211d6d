"""Stripe's form encoding (`line_items[0][price]=...`) to nested dicts and lists, and back."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl

_PART = re.compile(r"\[([^\]]*)\]")


def decode(text: str) -> dict:
    root: dict = {}
    for key, value in parse_qsl(text, keep_blank_values=True):
        head = key.split("[", 1)[0]
        path = [head, *_PART.findall(key[len(head) :])]
        node = root
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = value
    return _lists(root)


def _lists(node):
    if isinstance(node, dict):
        node = {k: _lists(v) for k, v in node.items()}
        if node and all(k.isdigit() for k in node):
            return [node[k] for k in sorted(node, key=int)]
    return node


def truthy(value) -> bool:
    return str(value).lower() == "true"


def metadata(params: dict) -> dict:
    """An object's `metadata[...]` parameters, as Stripe keeps them: every value a string."""
    return {k: str(v) for k, v in (params.get("metadata") or {}).items()}
