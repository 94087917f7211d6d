"""Checks a JSON object against stripe-python's generated types (the SDK's description of the API
version it pins), independently of the stand-in and of our code: every key must be an annotated
attribute of the object's class (found by its `object` value, or as the parent's inner class),
and every value must have the annotated kind (int, bool, str, literal, list, object, null only
where Optional)."""

from __future__ import annotations

import decimal
import importlib
import types
import typing
from functools import cache

import stripe
from stripe._list_object import ListObject
from stripe._object_classes import OBJECT_CLASSES
from stripe._stripe_object import StripeObject, UntypedStripeObject


def class_of(object_name: str):
    module, name = OBJECT_CLASSES[object_name]
    return getattr(importlib.import_module(module), name)


@cache
def attributes(cls) -> dict:
    found = {}
    for klass in reversed(cls.__mro__):
        if klass is StripeObject or not issubclass(klass, StripeObject):
            continue
        found.update(
            {k: v for k, v in vars(klass).get("__annotations__", {}).items() if not k.startswith("_")}
        )
    found.pop("OBJECT_NAME", None)
    return found


def _named(ref: typing.ForwardRef):
    return getattr(stripe, ref.__forward_arg__, None)


def _options(annotation) -> list:
    if isinstance(annotation, str):  # a quoted annotation: a class of the SDK
        return [typing.ForwardRef(annotation)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [o for a in typing.get_args(annotation) for o in _options(a)]
    return [annotation]


def check(value, cls=None, path: str = "$") -> list[str]:
    """Problems of `value` as an object of `cls` (or of the class its `object` key names)."""
    if isinstance(value, dict) and isinstance(value.get("object"), str) and value["object"] in OBJECT_CLASSES:
        cls = class_of(value["object"])
    if cls is None:
        return []
    if cls is ListObject:
        extra = set(value) - {"object", "data", "has_more", "url"}
        return [f"{path}: list has {sorted(extra)}"] if extra else []
    problems, known = [], attributes(cls)
    for key, item in value.items():
        if key not in known:
            problems.append(f"{path}.{key}: not an attribute of {cls.__qualname__}")
            continue
        problems += _check_value(item, known[key], cls, key, f"{path}.{key}")
    return problems


def _check_value(item, annotation, owner, key: str, path: str) -> list[str]:
    options = _options(annotation)
    if item is None:
        return (
            [] if type(None) in options else [f"{path}: null, but {owner.__qualname__}.{key} is never null"]
        )
    literals = [v for o in options if typing.get_origin(o) is typing.Literal for v in typing.get_args(o)]
    kinds = []
    for option in options:
        origin = typing.get_origin(option) or option
        if origin is typing.Literal:
            kinds.append("literal")
        elif isinstance(option, typing.ForwardRef):
            kinds.append(_named(option) or "object")
        elif origin in (list, list):
            kinds.append(("list", typing.get_args(option)[0] if typing.get_args(option) else None))
        elif isinstance(origin, type) and issubclass(origin, (ListObject, UntypedStripeObject)):
            kinds.append(origin)
        else:
            kinds.append(option)
    inner = owner._inner_class_types.get(key) if hasattr(owner, "_inner_class_types") else None
    if isinstance(item, bool):
        ok = bool in kinds or (item in literals)
    elif isinstance(item, int):
        ok = int in kinds or float in kinds or item in literals
    elif isinstance(item, float):
        ok = float in kinds
    elif isinstance(item, str):
        ok = str in kinds or decimal.Decimal in kinds or item in literals
        if not ok and literals:
            return [f"{path}: {item!r} is not one of {literals}"]
    elif isinstance(item, list):
        lists = [k for k in kinds if isinstance(k, tuple)]
        if not lists:
            return [f"{path}: a list, but {owner.__qualname__}.{key} is not"]
        element = lists[0][1]
        return (
            [p for i, v in enumerate(item) for p in _check_value(v, element, owner, key, f"{path}[{i}]")]
            if element is not None and not inner
            else [p for i, v in enumerate(item) for p in check(v, inner, f"{path}[{i}]")]
        )
    elif isinstance(item, dict):
        if UntypedStripeObject in kinds or typing.Any in kinds or dict in kinds:
            return []
        if ListObject in kinds:
            element = next(
                (typing.get_args(o)[0] for o in options if typing.get_origin(o) is ListObject), None
            )
            target = _named(element) if isinstance(element, typing.ForwardRef) else element
            return check(item, ListObject, path) + [
                p for i, v in enumerate(item.get("data", [])) for p in check(v, target, f"{path}.data[{i}]")
            ]
        classes = [k for k in kinds if isinstance(k, type) and issubclass(k, StripeObject)]
        target = inner or (classes[0] if classes else None)
        if target is None and "object" not in item:
            return [f"{path}: an object, but {owner.__qualname__}.{key} is {annotation}"]
        return check(item, target, path)
    else:
        ok = False
    return [] if ok else [f"{path}: {item!r} is not {annotation}"]
