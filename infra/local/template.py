"""Reads template.yaml, the one source of truth for routes, environment and tables.

Used by the local runner (routes, environment, handlers), by the local DynamoDB set-up and by the
tests (moto tables are created from the same table properties), so none of them restates it.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "template.yaml"


class _CfnLoader(yaml.SafeLoader):
    """YAML with CloudFormation's short tags (!Ref, !GetAtt, !Sub ...) as their long forms."""


def _tag(loader: _CfnLoader, suffix: str, node: yaml.Node) -> dict[str, object]:
    name = "Ref" if suffix == "Ref" else f"Fn::{suffix}"
    value: object
    if isinstance(node, yaml.ScalarNode):
        text = loader.construct_scalar(node)
        value = text.split(".", 1) if suffix == "GetAtt" else text
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    elif isinstance(node, yaml.MappingNode):
        value = loader.construct_mapping(node, deep=True)
    else:
        raise yaml.constructor.ConstructorError(
            None, None, f"!{suffix} on a {type(node).__name__}", node.start_mark
        )
    return {name: value}


_CfnLoader.add_multi_constructor("!", _tag)


@lru_cache(maxsize=4)
def load(path: Path = TEMPLATE) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_CfnLoader)


@dataclass(frozen=True)
class Route:
    method: str  # GET, POST, ..., or ANY
    path: str  # /api/bookings/{id}, /api/{proxy+} or $default
    function: str  # logical id


@dataclass
class FunctionSpec:
    logical_id: str
    handler: str
    code_uri: Path
    environment: dict = field(default_factory=dict)  # unresolved: may hold !Ref and friends
    timeout: int = 3
    memory: int = 128


def resources(template: dict | None = None, kind: str | None = None) -> dict:
    template = template or load()
    return {
        name: res
        for name, res in template.get("Resources", {}).items()
        if kind is None or res.get("Type") == kind
    }


def functions(template: dict | None = None) -> list[FunctionSpec]:
    template = template or load()
    globals_ = template.get("Globals", {}).get("Function", {})
    specs = []
    for name, res in resources(template, "AWS::Serverless::Function").items():
        props = {**globals_, **res.get("Properties", {})}
        env = dict(globals_.get("Environment", {}).get("Variables", {}))
        env.update(res.get("Properties", {}).get("Environment", {}).get("Variables", {}))
        specs.append(
            FunctionSpec(
                logical_id=name,
                handler=props["Handler"],
                code_uri=ROOT / props.get("CodeUri", "."),
                environment=env,
                timeout=int(props.get("Timeout", 3)),
                memory=int(props.get("MemorySize", 128)),
            )
        )
    return specs


def routes(template: dict | None = None) -> list[Route]:
    template = template or load()
    found = []
    for name, res in resources(template, "AWS::Serverless::Function").items():
        for event in (res.get("Properties", {}).get("Events") or {}).values():
            if event.get("Type") != "HttpApi":
                continue
            props = event.get("Properties") or {}
            method = str(props.get("Method", "ANY")).upper()
            path = props.get("Path", "$default")
            found.append(Route("ANY" if method == "X-AMAZON-APIGATEWAY-ANY-METHOD" else method, path, name))
    return found


def cors_configuration(template: dict | None = None, names: dict[str, str] | None = None) -> dict | None:
    """The HttpApi's CorsConfiguration, resolved to local values (None when CORS is off)."""
    template = template or load()
    for res in resources(template, "AWS::Serverless::HttpApi").values():
        cors = (res.get("Properties") or {}).get("CorsConfiguration")
        if cors:
            return resolve(cors, names if names is not None else local_names(template=template))
    return None


def parameter_defaults(template: dict | None = None) -> dict[str, str]:
    template = template or load()
    return {name: str(p["Default"]) for name, p in template.get("Parameters", {}).items() if "Default" in p}


def resolve(value, names: dict[str, str]):
    """Resolves intrinsic functions to local values. `names` maps a parameter or logical id (or
    `LogicalId.Attribute`) to its local value; AWS pseudo parameters get local stand-ins."""
    pseudo = {
        "AWS::Region": names.get("AWS::Region", "us-east-1"),
        "AWS::AccountId": "123456789012",
        "AWS::StackName": "local",
        "AWS::Partition": "aws",
        "AWS::URLSuffix": "amazonaws.com",
    }
    lookup = {**pseudo, **names}
    if isinstance(value, dict) and len(value) == 1:
        ((key, arg),) = value.items()
        if key == "Ref":
            return lookup.get(arg, arg)
        if key == "Fn::GetAtt":
            ref = ".".join(arg) if isinstance(arg, list) else arg
            return lookup.get(ref, ref)
        if key == "Fn::Sub":
            text, extra = (arg, {}) if isinstance(arg, str) else (arg[0], arg[1])
            local = {**lookup, **{k: resolve(v, names) for k, v in extra.items()}}
            return re.sub(r"\$\{([^}!]+)\}", lambda m: str(local.get(m.group(1), m.group(1))), text)
        if key == "Fn::Join":
            sep, items = arg
            return sep.join(str(resolve(i, names)) for i in items)
        if key == "Fn::If":
            return resolve(arg[2], names)  # local stack: optional features off
    if isinstance(value, dict):
        return {k: resolve(v, names) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v, names) for v in value]
    return value


# Properties of AWS::DynamoDB::Table that CreateTable accepts as they are.
_CREATE_TABLE_KEYS = (
    "AttributeDefinitions",
    "KeySchema",
    "GlobalSecondaryIndexes",
    "LocalSecondaryIndexes",
    "BillingMode",
    "ProvisionedThroughput",
    "StreamSpecification",
)


def table_definitions(template: dict | None = None) -> dict[str, dict]:
    """CreateTable arguments per table logical id (its local name), from the template's own
    properties, plus `TimeToLive` where the template enables it (a separate API call)."""
    tables = {}
    for name, res in resources(template, "AWS::DynamoDB::Table").items():
        props = copy.deepcopy(res["Properties"])
        args = {key: props[key] for key in _CREATE_TABLE_KEYS if key in props}
        args["TableName"] = name
        if "StreamSpecification" in args:  # CloudFormation infers StreamEnabled; CreateTable wants it
            args["StreamSpecification"] = {"StreamEnabled": True, **args["StreamSpecification"]}
        for index in args.get("GlobalSecondaryIndexes", []):
            index.pop("ContributorInsightsSpecification", None)
        ttl = props.get("TimeToLiveSpecification")
        tables[name] = {
            "create": args,
            "ttl_attribute": ttl["AttributeName"] if ttl and ttl.get("Enabled") else None,
        }
    return tables


def local_names(overrides: dict[str, str] | None = None, template: dict | None = None) -> dict[str, str]:
    """What each !Ref / !GetAtt means locally: parameters take their defaults, tables are named by
    their logical id, and `overrides` (local settings, secrets) win."""
    template = template or load()
    names = parameter_defaults(template)
    for name, res in resources(template).items():
        names.setdefault(name, name)
        if res.get("Type") == "AWS::DynamoDB::Table":
            names[f"{name}.Arn"] = f"arn:aws:dynamodb:us-east-1:123456789012:table/{name}"
    names.update(overrides or {})
    return names


def local_environment(
    overrides: dict[str, str] | None = None, template: dict | None = None
) -> dict[str, str]:
    """Every function's environment, resolved; functions must agree where they share a name,
    since the local stack runs them all in one process."""
    overrides = overrides or {}
    names = local_names(overrides, template)
    merged: dict[str, str] = {}
    for spec in functions(template):
        for key, raw in spec.environment.items():
            value = str(resolve(raw, names))
            if key in overrides:
                value = overrides[key]
            if key in merged and merged[key] != value:
                raise ValueError(f"{spec.logical_id} sets {key}={value!r}, another function {merged[key]!r}")
            merged[key] = value
    return merged
