"""Each test runs inside one frame with room for the frames it calls (tests/conftest.py imports the
hook on Python < 3.13).

CPython 3.11 and 3.12 keep a thread's Python frames in 16 KiB chunks, each mapped (mmap) when a call
needs it and unmapped when that call returns: a call path that keeps crossing a chunk's edge maps and
unmaps it every time (CPython issue gh-142183, fixed in 3.13 by caching one chunk). moto, botocore and
Powertools call deep: test_bookings_api.py alone made 171,000 mmap/munmap pairs, and a unit run
spent 11.5 s of its ~65 s of CPU in the kernel, on 1.5 million page faults (2.3 s and 0.26 million
with this). A frame with 70,000 local slots (560 KiB) gets a chunk of 1 MiB to itself, and every
frame a test calls fits in the ~480 KiB left.
"""

from __future__ import annotations

import pytest

SLOTS = 70_000


def _roomy_call():
    names = "=".join(f"v{i}" for i in range(SLOTS))
    # The names are assigned in a branch that never runs: only the frame's size matters.
    source = (
        "def roomy_call(call, *args):\n"
        "    __tracebackhide__ = True\n"
        f"    if False:\n        {names} = None\n"
        "    return call(*args)\n"
    )
    namespace: dict = {}
    exec(compile(source, "<tests/stack_room.py>", "exec"), namespace)
    return namespace["roomy_call"]


roomy_call = _roomy_call()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item, nextitem):
    """pytest's own protocol (set-up, call, teardown, reports), called from the roomy frame."""
    from _pytest import runner

    return roomy_call(runner.pytest_runtest_protocol, item, nextitem)
