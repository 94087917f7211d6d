"""The production stack's alarms and dashboard, checked on the CloudFormation SAM produces: every
function, metric and API is watched, and every alarm reaches the assistant."""

from __future__ import annotations

import json
import re

import pytest

from portal import observability
from tests.unit.stack_helpers import cfn, of_type, refs

# Slow (`make check` leaves it out): translates the template with the SAM translator.
pytestmark = pytest.mark.slow


# ------------------------------------------------------------------ observability


def alarms() -> dict:
    return of_type("AWS::CloudWatch::Alarm")


def alarm_metrics(alarm: dict) -> list[dict]:
    props = alarm["Properties"]
    if "MetricName" in props:
        return [
            {
                "Namespace": props["Namespace"],
                "MetricName": props["MetricName"],
                "Dimensions": props.get("Dimensions", []),
            }
        ]
    return [m["MetricStat"]["Metric"] for m in props.get("Metrics", []) if "MetricStat" in m]


def test_every_alarm_emails_the_assistant():
    ((topic_id, topic),) = of_type("AWS::SNS::Topic").items()
    assert topic["Properties"]["Subscription"] == [
        {"Protocol": "email", "Endpoint": {"Ref": "AssistantEmail"}}
    ]
    assert alarms()
    for name, alarm in alarms().items():
        assert refs(alarm["Properties"]["AlarmActions"]) == {topic_id}, name


def test_every_function_has_an_errors_and_throttles_alarm():
    covered: dict[str, set[str]] = {}
    for alarm in alarms().values():
        for metric in alarm_metrics(alarm):
            if metric["Namespace"] == "AWS/Lambda":
                for dimension in metric["Dimensions"]:
                    if dimension["Name"] == "FunctionName":
                        for fn in refs(dimension["Value"]):
                            covered.setdefault(fn, set()).add(metric["MetricName"])
    for name in of_type("AWS::Lambda::Function"):
        assert {"Errors", "Throttles"} <= covered.get(name, set()), (
            f"{name} has no Errors/Throttles alarm: copy SiteApiFunctionErrorsAlarm in template.yaml"
        )


def test_api_and_webhook_alarms_exist():
    watched = {(m["Namespace"], m["MetricName"]) for a in alarms().values() for m in alarm_metrics(a)}
    assert {("AWS/ApiGateway", "5xx"), ("AWS/ApiGateway", "4xx"), ("AWS/ApiGateway", "Count")} <= watched
    assert {("VaPortal", "WebhookFailed"), ("VaPortal", "WebhookRejected")} <= watched
    for alarm in alarms().values():
        for metric in alarm_metrics(alarm):
            if metric["Namespace"] == "VaPortal":
                assert metric["MetricName"] in observability.BUSINESS_METRICS
                assert metric["Dimensions"] == [{"Name": "service", "Value": observability.SERVICE}]
            if metric["Namespace"] == "AWS/ApiGateway":
                assert refs(metric["Dimensions"]) == {"HttpApi"}


def dashboard_body() -> dict:
    (dashboard,) = of_type("AWS::CloudWatch::Dashboard").values()
    body = dashboard["Properties"]["DashboardBody"]["Fn::Sub"]
    named = {name for name in refs({"Fn::Sub": body}) if not name.startswith("AWS::")}
    assert named <= set(cfn()["Resources"]) | set(cfn()["Parameters"]), named
    return json.loads(re.sub(r"\$\{[^}]+\}", "X", body))


def test_dashboard_shows_every_business_metric_and_the_api():
    shown = set()
    for widget in dashboard_body()["widgets"]:
        for metric in widget.get("properties", {}).get("metrics", []):
            names = [part for part in metric if isinstance(part, str)]
            if names:
                shown.add((names[0], names[1], tuple(names[2:4])))
    for name in observability.BUSINESS_METRICS:
        assert ("VaPortal", name, ("service", observability.SERVICE)) in shown, name
    for name in ("Count", "4xx", "5xx", "Latency"):
        assert ("AWS/ApiGateway", name, ("ApiId", "X")) in shown, name
