"""What the local HTTP API answers with (Response), and API Gateway's CORS for an HTTP API from the
template's CorsConfiguration (Cors), as infra.local.runner applies them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


def _listed(values) -> list[str]:
    return [str(v) for v in (values or [])]


class Cors:
    """API Gateway's CORS for an HTTP API, from the template's CorsConfiguration: it answers
    preflights itself (before any route) and adds the allow-origin header to allowed origins."""

    def __init__(self, config: dict):
        self.origins = _listed(config.get("AllowOrigins"))
        self.methods = _listed(config.get("AllowMethods"))
        self.headers = _listed(config.get("AllowHeaders"))
        self.expose = _listed(config.get("ExposeHeaders"))
        self.max_age = config.get("MaxAge")
        self.credentials = bool(config.get("AllowCredentials"))

    def allowed(self, origin: str | None) -> bool:
        return bool(origin) and ("*" in self.origins or origin in self.origins)

    def _origin_headers(self, origin: str) -> list[tuple[str, str]]:
        headers = [
            ("access-control-allow-origin", "*" if "*" in self.origins and not self.credentials else origin)
        ]
        if self.credentials:
            headers.append(("access-control-allow-credentials", "true"))
        return headers

    def preflight(self, origin: str | None) -> Response:
        if origin is None or not self.allowed(origin):
            return Response(204, [], b"")  # no CORS headers: the browser blocks the request
        headers = self._origin_headers(origin)
        headers.append(("access-control-allow-methods", ",".join(self.methods)))
        if self.headers:
            headers.append(("access-control-allow-headers", ",".join(self.headers)))
        if self.max_age is not None:
            headers.append(("access-control-max-age", str(self.max_age)))
        return Response(204, headers, b"")

    def decorate(self, origin: str | None, response: Response) -> Response:
        if origin is not None and self.allowed(origin):
            kept = [(k, v) for k, v in response.headers if not k.startswith("access-control-")]
            extra = self._origin_headers(origin)
            if self.expose:
                extra.append(("access-control-expose-headers", ",".join(self.expose)))
            response.headers = kept + extra
        return response
