"""Data access: every DynamoDB table's items as pynamodb models, in this one package.

A model's table name comes from the function's environment (template.yaml sets it, the local
runner and the tests set the same names), read once through portal.settings.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, cast

from portal.observability import trace_aws_calls
from portal.settings import settings

if TYPE_CHECKING:
    from pynamodb.connection import Connection
    from pynamodb.models import MetaProtocol


def table_meta(table_name: str) -> MetaProtocol:
    """A pynamodb Meta for `table_name` in this function's region (and local endpoint, if any)."""
    trace_aws_calls()  # a function with a model calls DynamoDB: trace its calls
    current = settings()

    class Meta:
        region = current.aws_region
        host = current.dynamodb_endpoint

        table_name: str

    Meta.table_name = table_name
    # pynamodb reads the options a Meta sets and defaults the rest; its MetaProtocol lists them all.
    return cast("MetaProtocol", Meta)


def connection() -> Connection:
    """A pynamodb Connection for TransactWrite / TransactGet, bound like the models: one per
    container (a new one builds a new botocore client on first use, tens of milliseconds each
    request; botocore clients are thread-safe)."""
    current = settings()
    return _connection(current.aws_region, current.dynamodb_endpoint)


@lru_cache(maxsize=4)
def _connection(region: str, host: str | None) -> Connection:
    from pynamodb.connection import Connection

    return Connection(region=region, host=host)
