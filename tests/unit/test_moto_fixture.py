"""The `aws` fixture (tests/conftest.py) makes the template's resources once per process and copies
them into each test's fresh mock: whatever one test writes, to any service, the next never sees."""

from __future__ import annotations

import os

import boto3
import pytest

from infra.local import services
from infra.local import template as tpl
from tests.conftest import fresh_moto

SECRET = "LinkSigningSecret"


def _key(definition: dict) -> dict:
    return {
        key["AttributeName"]: {"S": "written-by-the-first-test"} for key in definition["create"]["KeySchema"]
    }


def _secret() -> str:
    return boto3.client("secretsmanager").get_secret_value(SecretId=SECRET)["SecretString"]


def test_what_a_test_writes_never_reaches_the_next(aws_baseline):
    tables = tpl.table_definitions()
    with fresh_moto(aws_baseline):
        dynamodb = boto3.client("dynamodb")
        for name, definition in tables.items():
            dynamodb.put_item(TableName=name, Item=_key(definition))
        dynamodb.update_time_to_live(
            TableName="SessionsTable",
            TimeToLiveSpecification={"Enabled": False, "AttributeName": "expires_at"},
        )
        dynamodb.delete_table(TableName="AuditTable")
        sender = os.environ["MAIL_FROM"]
        raw = f"From: {sender}\r\nTo: pat@example.com\r\nSubject: hello\r\n\r\nhello\r\n"
        boto3.client("ses").send_raw_email(RawMessage={"Data": raw.encode()})
        boto3.client("ssm").put_parameter(Name="/written/by/the/first/test", Value="x", Type="String")
        first_secret = _secret()
        boto3.client("secretsmanager").put_secret_value(SecretId=SECRET, SecretString="rotated")
        scheduler = boto3.client("scheduler")
        group = scheduler.list_schedule_groups()["ScheduleGroups"][-1]["Name"]
        scheduler.create_schedule(
            Name="written-by-the-first-test",
            GroupName=group,
            ScheduleExpression="at(2030-01-01T00:00:00)",
            FlexibleTimeWindow={"Mode": "OFF"},
            Target={
                "Arn": "arn:aws:lambda:us-east-1:123456789012:function:F",
                "RoleArn": "arn:aws:iam::1:role/R",
            },
        )
        assert len(services.sent_mail()) == 1

    with fresh_moto(aws_baseline):
        dynamodb = boto3.client("dynamodb")
        assert sorted(dynamodb.list_tables()["TableNames"]) == sorted(tables)
        for name, definition in tables.items():
            assert dynamodb.scan(TableName=name)["Items"] == [], name
            ttl = dynamodb.describe_time_to_live(TableName=name)["TimeToLiveDescription"]
            assert (ttl["TimeToLiveStatus"] == "ENABLED") == bool(definition["ttl_attribute"]), name
        assert services.sent_mail() == []
        assert os.environ["MAIL_FROM"] in boto3.client("ses").list_identities()["Identities"]
        with pytest.raises(boto3.client("ssm").exceptions.ParameterNotFound):
            boto3.client("ssm").get_parameter(Name="/written/by/the/first/test")
        assert _secret() == first_secret
        scheduler = boto3.client("scheduler")
        assert scheduler.list_schedules()["Schedules"] == []
        assert [g["Name"] for g in scheduler.list_schedule_groups()["ScheduleGroups"]][-1] == group
