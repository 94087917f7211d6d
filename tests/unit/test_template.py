"""template.yaml is deployable as written: cfn-lint, the SAM translator and checkov."""

import functools
import json
import subprocess
import sys
from pathlib import Path

import pytest

from infra.local import template as tpl

ROOT = Path(__file__).resolve().parents[2]
CHECKOV = ROOT / ".venv-checkov" / "bin" / "checkov"


@functools.lru_cache(maxsize=1)  # ~0.6 s a run; shared, so read it, never change it
def translated() -> dict:
    from cfnlint.decode import cfn_yaml
    from samtranslator.translator.transform import transform

    template = cfn_yaml.load(str(tpl.TEMPLATE))
    template = json.loads(json.dumps(template, default=str))
    for resource in template["Resources"].values():
        props = resource.get("Properties", {})
        if resource["Type"] == "AWS::Serverless::Function" and not str(
            props.get("CodeUri", "s3://")
        ).startswith("s3://"):
            props["CodeUri"] = "s3://placeholder/code.zip"
    globals_fn = template.get("Globals", {}).get("Function", {})
    if "CodeUri" in globals_fn:
        globals_fn["CodeUri"] = "s3://placeholder/code.zip"

    class Loader:
        def load(self):
            return {}

    return transform(
        template,
        {"AWS::Region": "us-east-1", "AWS::AccountId": "123456789012", "AWS::Partition": "aws"},
        Loader(),
    )


@pytest.mark.slow  # runs the tool over the whole template
def test_cfn_lint_passes():
    result = subprocess.run(
        [str(Path(sys.executable).parent / "cfn-lint"), str(tpl.TEMPLATE)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow  # runs the tool over the whole template
def test_sam_translates_offline():
    output = translated()
    kinds = {res["Type"] for res in output["Resources"].values()}
    assert "AWS::Lambda::Function" in kinds and "AWS::ApiGatewayV2::Api" in kinds


def test_tables_are_on_demand_recoverable_encrypted_and_protected():
    for name, res in tpl.resources(kind="AWS::DynamoDB::Table").items():
        props = res["Properties"]
        assert props["BillingMode"] == "PAY_PER_REQUEST", name
        assert props["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True, name
        assert props["SSESpecification"]["SSEEnabled"] is True, name
        assert props["DeletionProtectionEnabled"] is True, name
        assert res["DeletionPolicy"] == "Retain", name


def test_every_function_has_a_log_group_with_retention():
    groups = [res["Properties"] for res in tpl.resources(kind="AWS::Logs::LogGroup").values()]
    named = {json.dumps(g.get("LogGroupName")) for g in groups}
    for spec in tpl.functions():
        assert json.dumps({"Fn::Sub": f"/aws/lambda/${{{spec.logical_id}}}"}) in named, spec.logical_id
    assert all("RetentionInDays" in g for g in groups)


@pytest.mark.slow  # runs the tool over the whole template
def test_checkov_has_no_unskipped_findings():
    if not CHECKOV.exists():
        pytest.fail("checkov is not installed: `make checkov` (make test does it)")
    result = subprocess.run(
        [
            str(CHECKOV),
            "-f",
            str(tpl.TEMPLATE),
            "--framework",
            "cloudformation",
            "--compact",
            "--quiet",
            "--skip-download",
            "-o",
            "json",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    report = json.loads(result.stdout)
    reports = report if isinstance(report, list) else [report]
    failed = [check for r in reports for check in r.get("results", {}).get("failed_checks", [])]
    assert not failed, [(c["check_id"], c["resource"]) for c in failed]


def test_snapstart_is_a_parameter_off_by_default_on_every_functions_published_version():
    template = tpl.load()
    assert template["Parameters"]["SnapStart"]["Default"] == "false"
    output = translated()
    functions = {
        name: res for name, res in output["Resources"].items() if res["Type"] == "AWS::Lambda::Function"
    }
    aliases = [res for res in output["Resources"].values() if res["Type"] == "AWS::Lambda::Alias"]
    assert len(aliases) == len(functions)  # events invoke the alias `live`, a published version
    for name, res in functions.items():
        assert res["Properties"]["SnapStart"] == {
            "Fn::If": ["UseSnapStart", {"ApplyOn": "PublishedVersions"}, {"Ref": "AWS::NoValue"}]
        }, name
