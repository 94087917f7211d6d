"""`make deploy`: the stack, the site and the Stripe catalog, live in one command.

    1. checks the tools and the AWS credentials, and stops at once with what to do if one is missing;
    2. `sam build`, then `sam deploy --guided` the first time (it writes samconfig.toml) or `sam deploy`;
    3. reads the stack's outputs; if the functions' SiteOrigin is not the address the site is served
       at (the first deploy without a custom domain cannot know CloudFront's), deploys again with it
       and records it in samconfig.toml;
    4. builds the site for that address, checks the Content-Security-Policy allows its inline scripts,
       uploads it (`aws s3 sync --delete`) and invalidates CloudFront;
    5. runs `make stripe-sync` when the Makefile has it: the catalog, the billing-portal
       configuration and the webhook endpoint at <site>/api/stripe/webhook, created in the pinned
       Stripe API version, its signing secret stored in the stack's SSM parameter.

Extra arguments go to `sam deploy` (e.g. `make deploy DEPLOY_ARGS="--no-confirm-changeset"`).
Secrets are never passed here: the functions read them from SSM Parameter Store (see README).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

from infra.site import BUILD as SITE_BUILD

ROOT = Path(__file__).resolve().parents[1]
SAMCONFIG = ROOT / "samconfig.toml"
RUNTIME = "python3.12"  # template.yaml's Runtime: `sam build` needs it on PATH


class Stop(SystemExit):
    """Ends the deploy with a message saying what to do, and exit status 1."""

    def __init__(self, message: str):
        super().__init__(1)
        self.message = message


def say(message: str) -> None:
    print(f"==> {message}", flush=True)


def run(*args: str, env: dict | None = None) -> None:
    say(" ".join(args))
    result = subprocess.run(args, cwd=ROOT, env={**os.environ, **(env or {})})
    if result.returncode != 0:
        raise Stop(f"`{' '.join(args[:3])}` failed (exit status {result.returncode}); see its output above.")


# ------------------------------------------------------------------ preflight


def check_tools() -> None:
    if not shutil.which("sam"):
        raise Stop(
            "The AWS SAM CLI (`sam`) is not installed or not on PATH. Install it: "
            "https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/install-sam-cli.html"
        )
    if not shutil.which("aws"):
        raise Stop(
            "The AWS CLI (`aws`) is not installed or not on PATH; it uploads the site. Install it: "
            "https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html"
        )
    if not shutil.which(RUNTIME):
        raise Stop(
            f"`sam build` needs {RUNTIME} on PATH (the functions' runtime in template.yaml). "
            "Install it (e.g. with pyenv or your package manager) and run `make deploy` again."
        )


def check_credentials(region: str | None) -> dict:
    import boto3
    from botocore.config import Config
    from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

    try:
        sts = boto3.client(
            "sts",
            region_name=region or "us-east-1",
            config=Config(connect_timeout=5, read_timeout=10, retries={"max_attempts": 1}),
        )
        return sts.get_caller_identity()
    except NoCredentialsError:
        raise Stop(
            "No AWS credentials found. Sign in first: `aws configure` (access key), "
            "`aws sso login --profile NAME` then `export AWS_PROFILE=NAME`, or set "
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. Nothing was deployed."
        ) from None
    except ClientError as error:
        raise Stop(
            f"AWS refused the credentials ({error.response['Error'].get('Code', 'error')}): they "
            "are expired or wrong. Sign in again (`aws sso login`, `aws configure`). Nothing was deployed."
        ) from None
    except BotoCoreError as error:
        raise Stop(
            f"Could not check the AWS credentials ({type(error).__name__}): no network, or a "
            "wrong profile/region setting. Nothing was deployed."
        ) from None


# ------------------------------------------------------------------ samconfig.toml


def deploy_settings(path: Path = SAMCONFIG) -> dict:
    """`[default.deploy.parameters]` of samconfig.toml (stack_name, region, parameter_overrides)."""
    if not path.exists():
        return {}
    config = tomllib.loads(path.read_text(encoding="utf-8"))
    return config.get("default", {}).get("deploy", {}).get("parameters", {})


def with_parameter(text: str, name: str, value: str) -> str | None:
    """samconfig.toml's text with `name` set to `value` in parameter_overrides (as `sam deploy
    --guided` writes it: `Name=\\"value\\"` in one string, or a list of "Name=value"); None if there
    is no parameter_overrides to edit."""
    quoted = re.compile(rf'({re.escape(name)}=\\")[^"\\]*(\\")')
    plain = re.compile(rf'("{re.escape(name)}=)[^"]*(")')
    for pattern in (quoted, plain):
        if pattern.search(text):
            return pattern.sub(lambda m: m.group(1) + value + m.group(2), text, count=1)
    line = re.compile(r'^(parameter_overrides\s*=\s*")(.*)"\s*$', re.M)
    if line.search(text):
        return line.sub(lambda m: f'{m.group(1)}{m.group(2)} {name}=\\"{value}\\""', text, count=1)
    return None


# ------------------------------------------------------------------ the stack


def stack_outputs(cloudformation, stack: str) -> tuple[dict, dict]:
    (description,) = cloudformation.describe_stacks(StackName=stack)["Stacks"]
    outputs = {o["OutputKey"]: o["OutputValue"] for o in description.get("Outputs", [])}
    parameters = {p["ParameterKey"]: p.get("ParameterValue", "") for p in description.get("Parameters", [])}
    return outputs, parameters


def align_site_origin(outputs: dict, parameters: dict) -> None:
    """The functions put SiteOrigin in emails and CORS; it must be the address the site is served
    at. The stack cannot compute it itself (CloudFront's domain depends on the API, which depends on
    the functions), so a mismatch is fixed here with a second deploy."""
    site_url = outputs["SiteUrl"]
    if parameters.get("SiteOrigin") == site_url:
        return
    say(
        f"SiteOrigin is {parameters.get('SiteOrigin')!r} but the site is served at {site_url}: deploying "
        "again with it"
    )
    overrides = [f"{key}={site_url if key == 'SiteOrigin' else value}" for key, value in parameters.items()]
    run(
        "sam",
        "deploy",
        "--no-confirm-changeset",
        "--no-fail-on-empty-changeset",
        "--parameter-overrides",
        *overrides,
    )
    edited = with_parameter(SAMCONFIG.read_text(encoding="utf-8"), "SiteOrigin", site_url)
    if edited is None:
        say(
            f"Could not record SiteOrigin in samconfig.toml: add SiteOrigin={site_url} to its "
            "parameter_overrides."
        )
    else:
        SAMCONFIG.write_text(edited, encoding="utf-8")
        say(f"Recorded SiteOrigin={site_url} in samconfig.toml")


def has_make_target(name: str, makefile: Path = ROOT / "Makefile") -> bool:
    return bool(re.search(rf"^{re.escape(name)}\s*:", makefile.read_text(encoding="utf-8"), re.M))


def publish_site(site_url: str, bucket: str, distribution: str, region: str) -> None:
    from infra import csp, site

    site.build(env={"SITE_URL": site_url + "/"})
    missing = csp.missing_hashes(SITE_BUILD)
    if missing:
        raise Stop(
            "The built site has inline scripts the Content-Security-Policy would block; add to "
            "script-src in template.yaml (SiteSecurityHeaders) and deploy again: " + " ".join(missing)
        )
    run(
        "aws",
        "s3",
        "sync",
        str(SITE_BUILD),
        f"s3://{bucket}",
        "--delete",
        "--region",
        region,
        "--only-show-errors",
    )
    import boto3

    boto3.client("cloudfront").create_invalidation(
        DistributionId=distribution,
        InvalidationBatch={
            "Paths": {"Quantity": 1, "Items": ["/*"]},
            "CallerReference": f"deploy-{time.time_ns()}",
        },
    )
    say(f"Invalidated CloudFront {distribution}: the new pages are live within a few minutes")


def main(sam_args: list[str]) -> None:
    check_tools()
    settings = deploy_settings()
    identity = check_credentials(
        settings.get("region") or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
    )
    say(f"AWS account {identity['Account']} as {identity['Arn']}")

    run("sam", "build")
    if settings:
        run("sam", "deploy", "--no-fail-on-empty-changeset", *sam_args)
    else:
        say(
            "First deploy: answer sam's questions (see README, 'Deploying to AWS'); they are saved in "
            "samconfig.toml"
        )
        run("sam", "deploy", "--guided", *sam_args)
        settings = deploy_settings()
    stack, region = settings.get("stack_name"), settings.get("region")
    if not stack or not region:
        raise Stop("samconfig.toml has no stack_name or region under [default.deploy.parameters].")

    import boto3

    cloudformation = boto3.client("cloudformation", region_name=region)
    outputs, parameters = stack_outputs(cloudformation, stack)
    align_site_origin(outputs, parameters)
    publish_site(outputs["SiteUrl"], outputs["SiteBucketName"], outputs["DistributionId"], region)

    if has_make_target("stripe-sync"):
        run("make", "stripe-sync", env={"AWS_REGION": region, "STACK_NAME": stack})
    else:
        say("No `make stripe-sync` in this Makefile yet: Stripe catalog sync skipped")

    print(f"""
Deployed {stack} to {region}.
  Site:       {outputs["SiteUrl"]}
  Dashboard:  {outputs.get("DashboardUrl", "(see CloudWatch)")}
  Stripe webhook endpoint: {outputs["SiteUrl"]}/api/stripe/webhook (created by make stripe-sync, see above)
Check: the alarm subscription email was confirmed, {outputs["SiteUrl"]}/api/health answers ok.""")


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except Stop as stop:
        print(f"\nmake deploy stopped: {stop.message}", file=sys.stderr)
        sys.exit(1)
