"""The offline stand-ins for AWS services: a moto server for everything the functions call but
DynamoDB (SES, Scheduler, SSM, Secrets Manager), what the stack needs in it, and the helpers both
servers use (ports, the fake credentials). DynamoDB Local, AWS's own engine on Java, is in
dynamodb.py."""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path
from typing import TYPE_CHECKING

from infra.local import template as tpl

if TYPE_CHECKING:
    from moto.server import ThreadedMotoServer

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


class MotoServer:
    """moto on loopback for the AWS services other than DynamoDB (SES first)."""

    def __init__(self, port: int):
        self.port = port
        self.server: ThreadedMotoServer | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> MotoServer:
        import logging

        from moto.server import ThreadedMotoServer

        logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per AWS call
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)
        server.start()
        self.server = server
        wait_for_port(self.port, 10)
        return self

    def stop(self) -> None:
        if self.server:
            self.server.stop()


def client(service: str, endpoint: str | None):
    """A boto3 client of `service` at the local `endpoint` (None: moto in this process), with the
    fake credentials."""
    import boto3

    # boto3-stubs type only literal service names; this one is a variable (as in portal/aws.py).
    return boto3.client(  # type: ignore[call-overload]
        service,
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )


def verify_sender(endpoint: str, address: str) -> None:

    ses = client("ses", endpoint)
    ses.verify_email_identity(EmailAddress=address)


def ensure_schedule_groups(endpoint: str | None = None, template: dict | None = None) -> list[str]:
    """Creates template.yaml's EventBridge Scheduler groups (named by logical id, as !Ref resolves
    locally) on the moto server at `endpoint` (or in-process moto when None)."""

    scheduler = client("scheduler", endpoint)
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

    manager = client("secretsmanager", endpoint)
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
