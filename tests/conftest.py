"""Shared fixtures. The environment is the local stack's, resolved from template.yaml, so tests,
`make dev` and the deployed stack read the same variables; AWS is moto (unit) or the running local
stack (integration, e2e)."""

from __future__ import annotations

import contextlib
import functools
import gc
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

# Imported before any code under test creates a boto3 client, so mock_aws intercepts every client.
import botocore.loaders
import botocore.session
import moto  # noqa: F401
import pytest

# moto gives each test a fresh boto3 session, and each new session re-read botocore's JSON service
# models (about half of the `aws` fixture's time): the test process's sessions share one loader.
botocore.session.create_loader = functools.lru_cache(maxsize=None)(botocore.loaders.create_loader)

# The cyclic garbage collector took a fifth of the unit tests' time: moto and botocore allocate
# heavily, and every young collection ran after 700 allocations and went through what had survived.
# Collected less often (after 50,000), and not at all through what lives for the whole run (below).
gc.set_threshold(50_000, 20, 100)


if sys.version_info < (3, 13):  # each test called from a frame with room for its callees
    from tests.stack_room import pytest_runtest_protocol  # noqa: F401 - a hook for pytest


def pytest_collection_finish(session):
    """The modules, service models and test items live until the end: out of the collector's way."""
    gc.collect()
    gc.freeze()


ROOT = Path(__file__).resolve().parents[1]
EVENTS = Path(__file__).parent / "events"

from infra.local import services  # noqa: E402
from infra.local import template as tpl  # noqa: E402
from infra.local.dev import local_overrides  # noqa: E402

# Making a boto3 client costs ~10 ms, and the `aws` fixture needs four per test: the fixture's own
# clients are made once per process. moto intercepts a client whenever a mock is active, whenever the
# client was made (moto is imported first), and each mock starts from empty state.
services.client = functools.lru_cache(maxsize=None)(services.client)

for _name in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_PROFILE"):
    os.environ.pop(_name, None)
os.environ.update(services.FAKE_CREDENTIALS)
os.environ.update(tpl.local_environment(local_overrides(8000)))


def load_event(name: str) -> dict:
    return json.loads((EVENTS / name).read_text())


# Each test gets a fresh mock_aws (moto resets every service when a mock starts), but the template's
# resources are made once per process: creating them through the API cost ~40 ms of CPU a test, a
# fresh mock with a copy of the backends' state made then costs ~3 ms. The default boto3 session is kept
# across mocks (moto would drop it at each start: ~15 ms for the next boto3.client); moto intercepts
# its clients all the same.
MOTO_CONFIG = {"core": {"reset_boto3_session": False}}
# The services the set-up writes to; their state holds no reference to another service's backend.
BASELINE_SERVICES = ("dynamodb", "ses", "scheduler", "secretsmanager")


def _backend(service: str):
    from moto.backends import get_backend

    return get_backend(service)[services.ACCOUNT_ID][services.REGION]


@pytest.fixture(scope="session")
def aws_baseline() -> dict:
    """moto's state once the template's tables (with TTL), the verified sender, the schedule
    groups and the secrets exist, made once per process through the API."""
    import copy

    from moto import mock_aws

    with mock_aws(config=MOTO_CONFIG):
        dynamodb = services.client("dynamodb", None)
        for name, definition in tpl.table_definitions().items():
            dynamodb.create_table(**definition["create"])
            if definition["ttl_attribute"]:
                dynamodb.update_time_to_live(
                    TableName=name,
                    TimeToLiveSpecification={"Enabled": True, "AttributeName": definition["ttl_attribute"]},
                )
        services.client("ses", None).verify_email_identity(EmailAddress=os.environ["MAIL_FROM"])
        services.ensure_schedule_groups()
        services.ensure_secrets()
        return {service: copy.deepcopy(vars(_backend(service))) for service in BASELINE_SERVICES}


@contextlib.contextmanager
def fresh_moto(baseline: dict):
    """A new mock_aws (every service empty) with `baseline`'s copy in the services it holds."""
    import copy

    from moto import mock_aws

    with mock_aws(config=MOTO_CONFIG):
        for service, state in baseline.items():
            # A copy: what a test writes (items, sent mail, secrets) never reaches the baseline.
            _backend(service).__dict__ = copy.deepcopy(state)
        yield


@pytest.fixture
def aws(aws_baseline):
    """moto for every AWS call, fresh for each test, with the template's tables and a verified sender
    (tests/unit/test_moto_fixture.py: nothing a test writes reaches the next)."""
    with fresh_moto(aws_baseline):
        yield


@pytest.fixture
def sent_mail():
    """The emails sent through moto's SES so far (call it), parsed."""
    return services.sent_mail


# The in-process client lives with the local stack (the bench uses it too); re-exported for tests.
from infra.local.inprocess import Answer, InProcessApi  # noqa: E402


@pytest.fixture
def api(aws):
    return InProcessApi()


# ------------------------------------------------------------------ the running local stack


class RunningStack:
    def __init__(self, url: str, data_dir: Path, dynamodb_port: int):
        self.url = url
        self.data_dir = data_dir
        self.dynamodb_port = dynamodb_port

    def request(self, method: str, path: str, body=None, headers: dict | None = None) -> Answer:
        data = json.dumps(body).encode() if body is not None else None
        headers = (
            {"content-type": "application/json", **(headers or {})}
            if body is not None
            else dict(headers or {})
        )
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return Answer(response.status, dict(response.headers), response.read())
        except urllib.error.HTTPError as error:
            return Answer(error.code, dict(error.headers), error.read())

    def get(self, path: str, **kwargs) -> Answer:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, body=None, **kwargs) -> Answer:
        return self.request("POST", path, body, **kwargs)

    def mail(self, settle: float = 1.0) -> list[dict]:
        """Every email sent so far, once the outbox has been quiet for `settle` seconds (emails
        leave after the answer, from the outbox: see infra/local/outbox.py)."""
        deadline = time.monotonic() + 30
        seen = self.get("/_dev/mail.json").json()
        quiet_since = time.monotonic()
        while time.monotonic() - quiet_since < settle and time.monotonic() < deadline:
            time.sleep(0.1)
            now = self.get("/_dev/mail.json").json()
            if len(now) != len(seen):
                seen, quiet_since = now, time.monotonic()
        return seen


def start_stack(data_dir: Path, port: int, dynamodb_port: int, build: bool = False) -> subprocess.Popen:
    """`python -m infra.local.dev` in its own process. Its output goes to a file beside the data
    (a pipe nobody reads would fill up and stall the server mid-test)."""
    args = [
        sys.executable,
        "-m",
        "infra.local.dev",
        "--port",
        str(port),
        "--dynamodb-port",
        str(dynamodb_port),
        "--data-dir",
        str(data_dir),
    ]
    if not build:
        args.append("--no-build")
    # The rate limits are tested in tests/unit; over HTTP every test comes from 127.0.0.1, and the
    # fuzzers send far more than the ceilings allow.
    env = {
        **os.environ,
        "RATE_LIMIT_REQUESTS": "100000",
        "RATE_LIMIT_EMAIL_REQUESTS": "100000",
        "RATE_LIMIT_GLOBAL_REQUESTS": "100000",
    }
    log = open(Path(data_dir).parent / f"stack-{port}.log", "w+")
    process = subprocess.Popen(args, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, text=True, env=env)
    process.log = log
    services.wait_for_port(port, 90, process)
    return process


def stop_stack(process: subprocess.Popen) -> str:
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)
    process.log.seek(0)
    output = process.log.read()
    process.log.close()
    return output


@pytest.fixture(scope="session")
def built_site() -> Path:
    """The site built once per test run, whatever the number of xdist workers: each worker building
    site/build in turn would empty it under another worker's tests."""
    import fcntl

    build = ROOT / "site" / "build"
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID") or f"pid-{os.getpid()}"
    marker = ROOT / "site" / ".build-run"
    with open(ROOT / "site" / ".build-lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (marker.exists() and marker.read_text() == run and (build / "index.html").exists()):
            from infra import site

            site.build()
            marker.write_text(run)
    return build


@pytest.fixture(scope="session")
def local_stack(built_site, tmp_path_factory):
    """`make dev` itself, on free ports with its data in a temporary folder."""
    data_dir = tmp_path_factory.mktemp("dynamodb")
    port, dynamodb_port = services.free_port(), services.free_port()
    process = start_stack(data_dir, port, dynamodb_port)
    stack = RunningStack(f"http://127.0.0.1:{port}", data_dir, dynamodb_port)
    deadline = time.monotonic() + 60
    while stack.get("/api/health").status != 200:
        if time.monotonic() > deadline:
            raise TimeoutError(stop_stack(process))
        time.sleep(0.2)
    yield stack
    stop_stack(process)
