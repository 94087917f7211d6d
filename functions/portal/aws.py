"""AWS clients, created lazily and once per container (boto3 reads endpoint overrides such as
AWS_ENDPOINT_URL_SES from the environment, which is how the local stack reaches its stand-ins)."""

from __future__ import annotations

from functools import cache
from typing import Any

from portal.observability import trace_aws_calls
from portal.settings import settings


@cache
def client(service: str) -> Any:
    # boto3's client type depends on the service name; without mypy-boto3-<service> stubs it is Any.
    import boto3

    trace_aws_calls()

    # boto3-stubs type only literal service names; this one is a variable.
    return boto3.client(service, region_name=settings().aws_region)  # type: ignore[call-overload]
