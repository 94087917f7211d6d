"""The local stack cleans up after itself however it dies: DynamoDB Local (in its own session, so a
terminal's Ctrl-C does not reach it first) dies with the process that started it, even one killed
outright; and a start that finds its own stale DynamoDB Local on the port says so and how to stop it."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from infra.local import dynamodb, services

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
STARTER = """
import sys, time
from infra.local import dynamodb
database = dynamodb.DynamoDBLocal(int(sys.argv[1]), None).start()
print(database.process.pid, flush=True)
time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/stat").read_text().split()[2] if Path(f"/proc/{pid}/stat").exists() else "X"
    return status not in ("Z", "X")  # a zombie has died already


def test_dynamodb_local_dies_with_a_starter_killed_outright():
    port = services.free_port()
    starter = subprocess.Popen(
        [sys.executable, "-c", STARTER, str(port)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    java = int(starter.stdout.readline())
    assert _alive(java)
    starter.send_signal(signal.SIGKILL)
    starter.wait()
    deadline = time.monotonic() + 15
    while _alive(java) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(java), "DynamoDB Local outlived the process that started it"
    deadline = time.monotonic() + 10
    while not services.port_is_free(port) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert services.port_is_free(port)


def test_a_start_that_finds_its_own_stale_dynamodb_local_names_the_fix():
    port = services.free_port()
    first = dynamodb.DynamoDBLocal(port, None).start()
    try:
        with pytest.raises(
            RuntimeError, match=rf"held by DynamoDB Local left running .*kill {first.process.pid}"
        ):
            dynamodb.DynamoDBLocal(port, None).start()
    finally:
        first.stop()
    assert dynamodb.stale_dynamodb_local(port) is None
