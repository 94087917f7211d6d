"""portal.observability: business metrics in the VaPortal namespace, logs without personal data."""

import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal import observability
from portal.observability import count, mask_emails, observed


class Context:
    function_name = "TestFunction"
    function_version = "$LATEST"
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:TestFunction"
    memory_limit_in_mb = 128
    aws_request_id = "req-1"
    log_group_name = "/aws/lambda/TestFunction"
    log_stream_name = "stream"

    def get_remaining_time_in_millis(self):
        return 10_000


def http_event(body: dict) -> dict:
    return {
        "version": "2.0",
        "routeKey": "POST /api/test",
        "rawPath": "/api/test",
        "headers": {},
        "requestContext": {"requestId": "api-request-42", "http": {"method": "POST", "path": "/api/test"}},
        "body": json.dumps(body),
        "isBase64Encoded": False,
    }


def lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


@pytest.fixture
def metrics_on(monkeypatch):
    monkeypatch.delenv("POWERTOOLS_METRICS_DISABLED", raising=False)
    yield
    observability.metrics.clear_metrics()


@pytest.fixture
def log_output():
    """What the Logger writes (its handler keeps the stream it was created with, so redirect it)."""
    buffer = io.StringIO()
    previous = observability.logger.registered_handler.setStream(buffer)
    yield buffer
    observability.logger.registered_handler.setStream(previous)


def test_unknown_business_metric_is_refused():
    with pytest.raises(ValueError, match="BookingMade"):
        count("BookingMade")


def test_observed_handler_publishes_business_metrics_and_logs_without_personal_data(
    metrics_on, capfd, log_output
):
    @observed
    def handler(event, context):
        observability.logger.info("booking confirmed for maya.lindqvist@example.com")
        count("BookingsMade")
        return {"statusCode": 201}

    assert handler(
        http_event({"email": "secret.person@example.org", "name": "Secret Person"}), Context()
    ) == {"statusCode": 201}
    output = capfd.readouterr().out + log_output.getvalue()
    assert "secret.person" not in output and "Secret Person" not in output  # the event is never logged
    assert "maya.lindqvist" not in output
    (log,) = [line for line in lines(output) if line.get("message", "").startswith("booking confirmed")]
    assert log["message"] == "booking confirmed for m***@example.com"
    assert log["correlation_id"] == "api-request-42"
    assert log["service"] == "va-portal" and log["function_request_id"] == "req-1"
    (emf,) = [line for line in lines(output) if "_aws" in line]
    (directive,) = emf["_aws"]["CloudWatchMetrics"]
    assert directive["Namespace"] == "VaPortal"
    assert directive["Dimensions"] == [["service"]] and emf["service"] == "va-portal"
    assert {"Name": "BookingsMade", "Unit": "Count"} in directive["Metrics"]
    assert emf["BookingsMade"] in (1, 1.0, [1.0])


def test_every_business_metric_can_be_counted(metrics_on, capfd):
    for name in observability.BUSINESS_METRICS:
        count(name)
    observability.metrics.flush_metrics()
    (emf,) = [line for line in lines(capfd.readouterr().out) if "_aws" in line]
    assert set(observability.BUSINESS_METRICS) <= set(emf)


@given(
    local=st.from_regex(r"[a-z][a-z0-9._+-]{0,20}", fullmatch=True),
    domain=st.from_regex(r"[a-z0-9-]{1,12}\.[a-z]{2,6}", fullmatch=True),
    before=st.text(alphabet=" :,(<", min_size=1, max_size=3),
)
def test_email_addresses_are_masked_anywhere_in_a_message(local, domain, before):
    masked = mask_emails(f"sent to{before}{local}@{domain}.")
    assert f"{local}@" not in masked or len(local) == 1
    assert f"{local[0]}***@{domain}" in masked


def test_metrics_counted_before_an_error_are_still_published(metrics_on, capfd, log_output):
    @observed
    def handler(event, context):
        count("WebhookFailed")
        raise RuntimeError("processing failed")

    with pytest.raises(RuntimeError):
        handler(http_event({}), Context())
    (emf,) = [line for line in lines(capfd.readouterr().out) if "_aws" in line]
    assert "WebhookFailed" in emf


def test_an_unhandled_exception_reaches_the_runtime_masked(log_output, capfd):
    """What the Lambda runtime prints of an exception that escapes the handler (its type, message
    and traceback) carries no email address; the log line about it is masked too."""
    import traceback

    def lookup(email):
        raise ValueError(f"no client {email}")

    @observed
    def handler(event, context):
        try:
            lookup("maya.lindqvist@example.com")
        except ValueError as error:
            raise KeyError(f"while booking for maya.lindqvist@example.com: {error}") from error

    with pytest.raises(Exception) as caught:
        handler(http_event({}), Context())
    printed = "".join(traceback.format_exception(caught.value)) + str(caught.value) + repr(caught.value)
    assert "maya.lindqvist" not in printed
    assert "m***@example.com" in str(caught.value) and "KeyError" in str(caught.value)
    output = capfd.readouterr().out + log_output.getvalue()
    assert "maya.lindqvist" not in output
    (logged,) = [line for line in lines(output) if line.get("level") == "ERROR"]
    assert "KeyError" in json.dumps(logged) and "m***@example.com" in json.dumps(logged)


def test_library_records_through_the_runtime_root_handler_are_masked():
    """Libraries log through the root logger, where the Lambda runtime's own handler prints them:
    observed() masks that handler's records (message, arguments and traceback) too."""
    import logging

    buffer = io.StringIO()
    runtime = logging.StreamHandler(buffer)
    root = logging.getLogger()
    root.addHandler(runtime)
    try:
        observability.mask_root_handlers()
        observability.mask_root_handlers()  # idempotent
        try:
            raise ConnectionError("SES refused maya.lindqvist@example.com")
        except ConnectionError:
            logging.getLogger("botocore.test").error(
                "sending to %s failed", "grace.hopper@example.org", exc_info=True
            )
    finally:
        root.removeHandler(runtime)
    text = buffer.getvalue()
    assert "maya.lindqvist" not in text and "grace.hopper" not in text
    assert "g***@example.org" in text and "m***@example.com" in text and "ConnectionError" in text
