"""The JSON form of the YAML config that a built package holds (functions/lambda_build/config.py
writes it): plain JSON, with YAML's dates as {"$date": "YYYY-MM-DD"}. Standard library only: the
build reads it back with a bare Python to check it says what the YAML said."""

from __future__ import annotations

import datetime
import json
from typing import Any


def _dates(item: dict[str, Any]) -> Any:
    if item.keys() == {"$date"}:
        return datetime.date.fromisoformat(item["$date"])
    return item


def loads(text: str) -> Any:
    return json.loads(text, object_hook=_dates)
