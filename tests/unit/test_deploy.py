"""`make deploy` stops at once, with what to do, when a tool or the credentials are missing;
its samconfig.toml editing keeps sam's format."""

import os
import subprocess
import sys
from pathlib import Path

from infra import deploy

ROOT = Path(__file__).resolve().parents[2]


def run_deploy(tmp_path: Path, tools: list[str], **env) -> subprocess.CompletedProcess:
    """infra/deploy.py with only `tools` on PATH (stand-ins that would fail if run) and no AWS
    configuration at all."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in tools:
        (bin_dir / tool).write_text('#!/bin/sh\necho "$0 must not run" >&2\nexit 99\n')
        (bin_dir / tool).chmod(0o755)
    clean = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    clean.update(
        PATH=str(bin_dir),
        HOME=str(tmp_path),
        AWS_CONFIG_FILE=str(tmp_path / "none"),
        AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "none"),
        AWS_EC2_METADATA_DISABLED="true",
        **env,
    )
    return subprocess.run(
        [sys.executable, "-m", "infra.deploy"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_stops_without_the_sam_cli(tmp_path):
    result = run_deploy(tmp_path, tools=["aws", "python3.12"])
    assert result.returncode == 1
    assert "AWS SAM CLI (`sam`) is not installed" in result.stderr
    assert "must not run" not in result.stderr + result.stdout


def test_stops_without_aws_credentials_before_building(tmp_path):
    result = run_deploy(tmp_path, tools=["sam", "aws", "python3.12"])
    assert result.returncode == 1
    assert "No AWS credentials found" in result.stderr and "Nothing was deployed" in result.stderr
    assert "must not run" not in result.stderr + result.stdout  # sam build never started


GUIDED = r"""version = 0.1
[default.deploy.parameters]
stack_name = "va-portal"
region = "eu-west-1"
capabilities = "CAPABILITY_IAM"
parameter_overrides = "SiteOrigin=\"https://va.example\" MailFrom=\"hello@example.com\" DomainName=\"\""
"""


def test_site_origin_is_recorded_in_samconfig_as_sam_writes_it(tmp_path):
    edited = deploy.with_parameter(GUIDED, "SiteOrigin", "https://d111.cloudfront.net")
    path = tmp_path / "samconfig.toml"
    path.write_text(edited)
    settings = deploy.deploy_settings(path)
    assert settings["stack_name"] == "va-portal" and settings["region"] == "eu-west-1"
    assert settings["parameter_overrides"] == (
        'SiteOrigin="https://d111.cloudfront.net" MailFrom="hello@example.com" DomainName=""'
    )


def test_site_origin_is_added_when_samconfig_lacks_it():
    text = GUIDED.replace(r"SiteOrigin=\"https://va.example\" ", "")
    edited = deploy.with_parameter(text, "SiteOrigin", "https://d111.cloudfront.net")
    assert r'DomainName=\"\" SiteOrigin=\"https://d111.cloudfront.net\""' in edited
    assert deploy.with_parameter("version = 0.1\n", "SiteOrigin", "x") is None


def test_stripe_sync_runs_only_when_the_makefile_has_it(tmp_path):
    makefile = tmp_path / "Makefile"
    makefile.write_text("deploy: x\n\t$(PY) -m infra.deploy\n")
    assert not deploy.has_make_target("stripe-sync", makefile)
    makefile.write_text("stripe-sync: $(VENV)/.installed\n\t$(PY) -m infra.stripe_sync\n")
    assert deploy.has_make_target("stripe-sync", makefile)
