"""Least privilege, checked on the CloudFormation SAM produces: each function's role names only the
tables its code uses, with data actions only, and only the functions that check CloudFront's origin
secret may read it. (tests/unit/test_iam_actions.py runs the functions and checks the actions.)"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from infra.local import template as tpl
from portal.settings import _ENV, Settings
from tests.unit.stack_helpers import PORTAL, as_list, cfn, distribution, of_type, origin, refs

# Slow (`make check` leaves it out): translates the template with the SAM translator.
pytestmark = pytest.mark.slow


def function_roles() -> dict[str, dict]:
    """Each Lambda function's logical id -> its IAM role's inline policy statements."""
    roles = {}
    resources = cfn()["Resources"]
    for name, fn in of_type("AWS::Lambda::Function").items():
        (role_id,) = refs(fn["Properties"]["Role"])
        role = resources[role_id]["Properties"]
        roles[name] = [s for p in role.get("Policies", []) for s in as_list(p["PolicyDocument"]["Statement"])]
    return roles


def _modules_reached(module: str, seen: set[str] | None = None, lazy: bool = False) -> set[str]:
    """portal.* modules a module imports, statically and transitively (dynamic imports are not
    followed: the OpenAPI route imports every handler only to read its schema). With `lazy`, also
    the "portal.module:function" renderers the outbox imports when it delivers (only the
    OutboxFunction runs them)."""
    seen = set() if seen is None else seen
    if module in seen:
        return seen
    path = PORTAL.parent / Path(*module.split("."))
    file = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
    if not file.exists():
        return seen
    seen.add(module)
    package = module if file.name == "__init__.py" else module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(file.read_text())):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            names = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        elif (
            lazy
            and isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and _LAZY_IMPORT.match(node.value)
        ):
            names = [node.value.split(":")[0]]  # "portal.module:function", imported when used (portal.outbox)
        for name in names:
            if name.startswith("portal"):
                _modules_reached(name, seen, lazy)
    return seen


_LAZY_IMPORT = re.compile(r"^portal(\.\w+)+:\w+$")


def tables_used_by_code(handler: str, environment: dict) -> set[str]:
    """Tables the handler's code can name: settings fields or environment variables it reads,
    mapped through the function's environment (`!Ref SomeTable`) to table logical ids."""
    table_fields = {name for name in Settings.model_fields if name.endswith("_table")}
    env_names = set()
    module_name = handler.rsplit(".", 1)[0]
    reached = _modules_reached(module_name, lazy=module_name == "portal.handlers.outbox")
    for module in reached - {"portal.settings"}:  # defines, not uses
        source = (PORTAL.parent / Path(*module.split("."))).with_suffix(".py")
        source = source if source.exists() else source.with_suffix("") / "__init__.py"
        for node in ast.walk(ast.parse(source.read_text())):
            if isinstance(node, ast.Attribute) and node.attr in table_fields:
                env_names.add(_ENV[node.attr])
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in environment:
                env_names.add(node.value)
    tables = set(tpl.resources(kind="AWS::DynamoDB::Table"))
    return {t for name in env_names if name in environment for t in refs(environment[name]) & tables}


def test_function_policies_name_only_tables_their_code_uses():
    tables = set(tpl.resources(kind="AWS::DynamoDB::Table"))
    specs = {spec.logical_id: spec for spec in tpl.functions()}
    roles = function_roles()
    assert set(roles) == set(specs)
    for name, statements in roles.items():
        named = {t for s in statements for t in refs(s.get("Resource")) & tables}
        used = tables_used_by_code(specs[name].handler, specs[name].environment)
        assert named <= used, f"{name} may access {sorted(named - used)}, which its code never names"


def test_dynamodb_permissions_are_on_named_tables_with_data_actions_only():
    tables = set(tpl.resources(kind="AWS::DynamoDB::Table"))
    admin = re.compile(
        r"^dynamodb:(\*|Create|Delete(Table|Backup)|Update(Table|TimeToLive|ContinuousBackups)|Restore|Tag|Untag)"
    )
    for name, statements in function_roles().items():
        for statement in statements:
            actions = as_list(statement["Action"])
            assert "*" not in actions, (name, statement)
            dynamo = [a for a in actions if a.lower().startswith("dynamodb:")]
            if not dynamo:
                continue
            assert not [a for a in dynamo if admin.match(a)], (name, dynamo)
            for resource in as_list(statement["Resource"]):
                assert resource != "*" and refs(resource) & tables, (name, resource)
                text = json.dumps(resource)
                assert "table/*" not in text and "table/${AWS" not in text, (name, resource)


def test_the_origin_secret_is_generated_in_secrets_manager_and_is_what_cloudfront_sends():
    (api,) = [b for b in distribution()["CacheBehaviors"] if b["PathPattern"] == "/api/*"]
    (verify,) = origin(api["TargetOriginId"])["OriginCustomHeaders"]
    # A dynamic reference, resolved by CloudFormation at deploy: never in the template, the stack's
    # parameters or anything derived from the stack's id.
    assert verify["HeaderValue"] == {
        "Fn::Sub": "{{resolve:secretsmanager:${OriginVerifySecret}:SecretString}}"
    }
    secret = of_type("AWS::SecretsManager::Secret")["OriginVerifySecret"]["Properties"]
    generated = secret["GenerateSecretString"]
    assert generated["PasswordLength"] >= 32 and generated["ExcludePunctuation"] is True  # header-safe
    assert "SecretString" not in secret
    assert "AWS::StackId" not in json.dumps(cfn()["Resources"])
    assert not of_type("AWS::SSM::Parameter")
    # The functions are told which secret to check, and only those that check it may read it.
    env = tpl.load()["Globals"]["Function"]["Environment"]["Variables"]
    assert env["ORIGIN_VERIFY_SECRET"] == {"Ref": "OriginVerifySecret"}
    for name, statements in function_roles().items():
        readers = [s for s in statements if refs(s.get("Resource")) == {"OriginVerifySecret"}]
        uses = "portal.client_ip" in _modules_reached(_handler_of(name).rsplit(".", 1)[0])
        assert bool(readers) == uses, name
        for statement in readers:
            assert as_list(statement["Action"]) == ["secretsmanager:GetSecretValue"], name


def _handler_of(function: str) -> str:
    return {spec.logical_id: spec.handler for spec in tpl.functions()}[function]


#: Wildcards no narrower ARN can replace, and what bounds each.
_WILDCARDS = {
    # Reminder schedules are named per booking; the group in the path bounds them.
    "scheduler": lambda statement: "schedule/${ReminderScheduleGroup}/*" in json.dumps(statement["Resource"]),
    # In the SES sandbox, sending is authorised against every verified recipient's identity too;
    # the condition keeps the sender the practice's address.
    "ses": lambda statement: (
        statement.get("Condition", {}).get("StringEquals", {}).get("ses:FromAddress") == {"Ref": "MailFrom"}
    ),
}


def test_no_wildcard_resource_a_narrower_arn_could_replace():
    for name, statements in function_roles().items():
        for statement in statements:
            for resource in as_list(statement["Resource"]):
                text = json.dumps(resource)
                assert resource != "*", (name, statement)
                if "*" in text:
                    services = {action.split(":")[0] for action in as_list(statement["Action"])}
                    assert len(services) == 1 and _WILDCARDS.get(services.pop(), lambda _s: False)(
                        statement
                    ), (name, statement)


def test_no_function_behind_the_api_but_the_reminder_sends_mail():
    """Emails leave through the outbox (OutboxFunction); only the reminder, already at its time,
    sends one itself. Both only from the practice's address."""
    senders = {
        name
        for name, statements in function_roles().items()
        for statement in statements
        if any(a.startswith("ses:") for a in as_list(statement["Action"]))
    }
    assert senders == {"OutboxFunction", "ReminderFunction"}
    for name in senders:
        for statement in function_roles()[name]:
            if any(a.startswith("ses:") for a in as_list(statement["Action"])):
                assert as_list(statement["Action"]) == ["ses:SendRawEmail"]
                assert _WILDCARDS["ses"](statement), name
