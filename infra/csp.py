"""The site's Content-Security-Policy and the inline scripts it must allow.

MkDocs Material puts a few small bootstrap scripts inline in every page (they differ only by the
page's depth). The policy in template.yaml (SiteSecurityHeaders) allows exactly those by their
SHA-256 hash instead of 'unsafe-inline'. `missing_hashes()` says which inline scripts of a built site
the policy would block: the tests and `make deploy` refuse a site that the policy would break.

    .venv/bin/python -m infra.csp [site/build]   # prints the policy's missing hashes, if any
"""

from __future__ import annotations

import base64
import hashlib
import re
import sys
from pathlib import Path

from infra.local import template as tpl
from infra.site import BUILD as SITE_BUILD

# An inline <script> (no src attribute) that the browser executes: not a JSON data block.
_INLINE = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S | re.I)
_DATA_TYPES = ("application/json", "application/ld+json")


def policy(template: dict | None = None) -> str:
    config = tpl.resources(template)["SiteSecurityHeaders"]["Properties"]["ResponseHeadersPolicyConfig"]
    return config["SecurityHeadersConfig"]["ContentSecurityPolicy"]["ContentSecurityPolicy"]


def security_headers(local: bool = False, template: dict | None = None) -> list[tuple[str, str]]:
    """The headers CloudFront's SiteSecurityHeaders adds to every response, for the local front
    door to send too (locally without HSTS and without upgrade-insecure-requests: it is plain http)."""
    config = tpl.resources(template)["SiteSecurityHeaders"]["Properties"]["ResponseHeadersPolicyConfig"]
    security = config["SecurityHeadersConfig"]
    content_policy = policy(template)
    if local:
        content_policy = "; ".join(
            p.strip() for p in content_policy.split(";") if p.strip() != "upgrade-insecure-requests"
        )
    headers = [
        ("content-security-policy", content_policy),
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", security["FrameOptions"]["FrameOption"]),
        ("referrer-policy", security["ReferrerPolicy"]["ReferrerPolicy"]),
    ]
    if not local:
        hsts = security["StrictTransportSecurity"]
        headers.append(
            (
                "strict-transport-security",
                f"max-age={hsts['AccessControlMaxAgeSec']}"
                + ("; includeSubDomains" if hsts.get("IncludeSubdomains") else "")
                + ("; preload" if hsts.get("Preload") else ""),
            )
        )
    headers += [
        (item["Header"].lower(), item["Value"])
        for item in config.get("CustomHeadersConfig", {}).get("Items", [])
    ]
    return headers


def directives(csp: str) -> dict[str, list[str]]:
    parsed = {}
    for part in csp.split(";"):
        words = part.split()
        if words:
            parsed[words[0].lower()] = words[1:]
    return parsed


def inline_script_hashes(site_dir: Path = SITE_BUILD) -> dict[str, list[str]]:
    """'sha256-...' source expression -> the pages (relative paths) that carry that inline script."""
    found: dict[str, list[str]] = {}
    for page in sorted(site_dir.rglob("*.html")):
        for attrs, body in _INLINE.findall(page.read_text(encoding="utf-8")):
            if any(kind in attrs.lower() for kind in _DATA_TYPES):
                continue
            digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
            found.setdefault(f"'sha256-{digest}'", []).append(str(page.relative_to(site_dir)))
    return found


def missing_hashes(site_dir: Path = SITE_BUILD, csp: str | None = None) -> dict[str, list[str]]:
    allowed = set(directives(csp or policy()).get("script-src", []))
    return {h: pages for h, pages in inline_script_hashes(site_dir).items() if h not in allowed}


if __name__ == "__main__":
    site = Path(sys.argv[1]) if len(sys.argv) > 1 else SITE_BUILD
    missing = missing_hashes(site)
    for source, pages in missing.items():
        print(f"{source}  ({len(pages)} pages, e.g. {pages[0]})")
    if missing:
        print("Add these to script-src in template.yaml (SiteSecurityHeaders).", file=sys.stderr)
    sys.exit(1 if missing else 0)
