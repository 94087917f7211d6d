"""The visitor's address, for per-IP rate limits.

Behind CloudFront, the HTTP API's `sourceIp` is a CloudFront server's address, shared by many
visitors. CloudFront tells the viewer's own in `CloudFront-Viewer-Address` (when the origin request
policy forwards it) and always appends it to `X-Forwarded-For`; but anyone calling the API's
execute-api address directly could send those headers too. So they are believed only when the
request also carries `X-Origin-Verify` with the origin secret, which CloudFront adds on its way to
the API (template.yaml: SiteDistribution's api origin and OriginVerifySecret, a random value
Secrets Manager generated). While it is being rotated (README, "Rotating the origin secret") the
value before it (the secret's AWSPREVIOUS version) is accepted too, so no request is miscounted.
"""

from __future__ import annotations

import hmac
import ipaddress
import time
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2

if TYPE_CHECKING:  # Powertools' parameters import boto3: only a request with the origin header needs it
    from aws_lambda_powertools.utilities.parameters import SecretsProvider

from portal.settings import SECRET_MAX_AGE_SECONDS, settings

logger = Logger(child=True)
_previous: dict[str, tuple[float, str]] = {}  # secret -> (read at, AWSPREVIOUS value or "" for none)


def _current(name: str) -> str:
    from aws_lambda_powertools.utilities import parameters

    return str(parameters.get_secret(name, max_age=SECRET_MAX_AGE_SECONDS) or "")


@lru_cache(maxsize=1)
def _previous_provider() -> SecretsProvider:
    # Its own provider: Powertools caches by name only, so the default one would answer AWSCURRENT.
    from aws_lambda_powertools.utilities.parameters import SecretsProvider

    return SecretsProvider()


def _before_rotation(name: str) -> str:
    """The secret's previous value ("" when it was never rotated), cached as long as the current
    one: a caller guessing the header costs no Secrets Manager call."""
    from aws_lambda_powertools.utilities.parameters.exceptions import GetParameterError

    cached = _previous.get(name)
    if cached and time.monotonic() - cached[0] < SECRET_MAX_AGE_SECONDS:
        return cached[1]
    try:
        value = str(
            _previous_provider().get(name, max_age=SECRET_MAX_AGE_SECONDS, VersionStage="AWSPREVIOUS") or ""
        )
    except GetParameterError as error:
        if "ResourceNotFound" not in str(error):
            raise
        value = ""  # never rotated: there is no AWSPREVIOUS version
    _previous[name] = (time.monotonic(), value)
    return value


def _vouched(claimed: str, name: str) -> bool:
    from aws_lambda_powertools.utilities.parameters.exceptions import GetParameterError

    try:
        return any(
            value and hmac.compare_digest(claimed.encode(), value.encode())
            for value in (_current(name), _before_rotation(name))
        )
    except GetParameterError:  # Secrets Manager unreachable: count the connection, never fail the request
        logger.warning("origin secret unreadable: counting the connection's address")
    return False


def forget() -> None:
    """Drops the cached secrets (tests; a container does the same every SECRET_MAX_AGE_SECONDS)."""
    from aws_lambda_powertools.utilities import parameters

    # Powertools leaves these two unannotated.
    parameters.clear_caches()  # type: ignore[no-untyped-call]
    _previous_provider().clear_cache()  # type: ignore[no-untyped-call]
    _previous.clear()


def viewer_address(headers: dict[str, Any]) -> str | None:
    """The IP in CloudFront-Viewer-Address (`203.0.113.7:4431` or `2001:db8::1:4431`)."""
    value = (headers.get("cloudfront-viewer-address") or "").strip()
    address, _, port = value.rpartition(":")
    return address.strip("[]") if address and port.isdigit() else None


def forwarded_viewer(headers: dict[str, Any], connection: str) -> str | None:
    """The address CloudFront appended to X-Forwarded-For: the last entry, or the one before it
    when API Gateway appended the connecting CloudFront server's address after it."""
    entries = [entry.strip() for entry in (headers.get("x-forwarded-for") or "").split(",") if entry.strip()]
    if entries and entries[-1] == connection:
        entries.pop()
    return entries[-1] if entries else None


def source_ip(event: APIGatewayProxyEventV2) -> str:
    """The address to count a request against: CloudFront's viewer address when CloudFront
    vouches for it, else the connection's own address."""
    connection = event.request_context.http.source_ip
    name = settings().origin_verify_secret
    if not name:
        return connection
    headers = {key.lower(): value for key, value in (event.headers or {}).items()}
    claimed = headers.get("x-origin-verify")
    viewer = viewer_address(headers) or forwarded_viewer(headers, connection)
    if claimed and viewer and _vouched(claimed, name):
        return viewer
    return connection


def network(address: str) -> str:
    """What a per-address limit counts: an IPv4 address itself, an IPv6 address's /64 network (one
    subscriber is given a whole /64 and may use a new address in it for every request), and an
    IPv4 address written the IPv6 way (::ffff:203.0.113.7) as that IPv4 address."""
    try:
        found = ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return address.strip()[:64] or "unknown"
    if isinstance(found, ipaddress.IPv6Address):
        if found.ipv4_mapped:
            return str(found.ipv4_mapped)
        return str(ipaddress.IPv6Network((int(found) >> 64 << 64, 64)))
    return str(found)
