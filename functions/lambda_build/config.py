"""The practice's YAML config (portal/config/*.yaml), parsed at build time into JSON beside it.

`portal.catalog` reads `<name>.yaml.json` when it is there (in a built package) and the YAML
otherwise (a checkout, the local stack, the site's build): the package then needs no YAML parser at
all, neither pyyaml's 0.85 MB nor its import and its pure-Python parse at the first request. YAML's
dates (`blackout_dates: [2026-12-24]`) become `{"$date": "2026-12-24"}`, which
`portal.config_json` turns back into dates; anything else JSON cannot say exactly (a key that is
not a string, a set) fails the build, so what the function reads is always what the YAML said.
"""

from __future__ import annotations

import datetime
import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

COMPILED_SUFFIX = ".json"  # brand.yaml -> brand.yaml.json


def _yaml(installed: Path) -> Any:
    """pyyaml: this interpreter's, or the one installed for the package (its pure-Python parser
    loads on any platform: without its C extension for this machine it falls back to it)."""
    try:
        import yaml
    except ImportError:
        sys.path.append(str(installed))
        try:
            import yaml
        finally:
            sys.path.remove(str(installed))
    return yaml


def _encode(value: Any, where: str) -> Any:
    if isinstance(value, dict):
        if not all(isinstance(key, str) for key in value):
            raise ValueError(f"{where}: a key that is not a text cannot be written as JSON")
        return {key: _encode(item, f"{where}.{key}") for key, item in value.items()}
    if isinstance(value, list):
        return [_encode(item, f"{where}[{at}]") for at, item in enumerate(value)]
    if isinstance(value, datetime.datetime):
        raise ValueError(f"{where}: a date with a time is not read from the config; quote it")
    if isinstance(value, datetime.date):
        return {"$date": value.isoformat()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise ValueError(f"{where}: {type(value).__name__} cannot be written as JSON")


def _reader(source: Path) -> Any:
    """portal/config_json.py (standard library only), loaded from `source` as the function would."""
    spec = importlib.util.spec_from_file_location("_config_json", source / "portal" / "config_json.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def compile_config(package_config: Path, installed: Path, source: Path) -> list[str]:
    """Writes `<name>.yaml.json` for each YAML file in `package_config` and removes the YAML from
    the package; returns the names compiled. Checks each decodes to exactly what YAML loaded."""
    if not package_config.is_dir():
        return []
    config_json = _reader(source)
    yaml = _yaml(installed)
    compiled = []
    for source in sorted(package_config.glob("*.yaml")):
        loaded = yaml.safe_load(source.read_text(encoding="utf-8"))
        text = json.dumps(_encode(loaded, source.name), ensure_ascii=False, separators=(",", ":"))
        if config_json.loads(text) != loaded:
            raise ValueError(f"{source.name}: its JSON form does not read back as the YAML does")
        source.with_name(source.name + COMPILED_SUFFIX).write_text(text, encoding="utf-8")
        source.unlink()
        compiled.append(source.name)
    return compiled
