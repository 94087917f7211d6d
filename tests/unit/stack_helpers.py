"""The production stack as SAM translates it, and ways to walk it, shared by the stack's tests."""

from __future__ import annotations

import re
from functools import lru_cache

from infra.local import template as tpl
from tests.unit.test_template import translated

PORTAL = tpl.ROOT / "functions" / "portal"


@lru_cache(maxsize=1)
def cfn() -> dict:
    return translated()


def of_type(kind: str) -> dict:
    return {name: res for name, res in cfn()["Resources"].items() if res["Type"] == kind}


def refs(value) -> set[str]:
    """Logical ids a CloudFormation value refers to (Ref, GetAtt, ${...} in Sub)."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, arg in value.items():
            if key == "Ref" and isinstance(arg, str):
                found.add(arg)
            elif key == "Fn::GetAtt":
                found.add(arg.split(".")[0] if isinstance(arg, str) else arg[0])
            elif key == "Fn::Sub":
                text, extra = (arg, {}) if isinstance(arg, str) else (arg[0], arg[1])
                found |= {m.split(".")[0] for m in re.findall(r"\$\{([^}!]+)\}", text)} - set(extra)
                found |= refs(extra)
            else:
                found |= refs(arg)
    elif isinstance(value, list):
        for item in value:
            found |= refs(item)
    return found


def as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def distribution() -> dict:
    (dist,) = of_type("AWS::CloudFront::Distribution").values()
    return dist["Properties"]["DistributionConfig"]


def origin(origin_id: str) -> dict:
    return next(o for o in distribution()["Origins"] if o["Id"] == origin_id)
