"""SnapStart hooks (portal/snapstart.py): priming answers without AWS, a restore re-seeds random
and forgets clients, and nothing is registered outside the Lambda runtime."""

import random
import sys
import types

from portal import api, snapstart
from portal.routes import meta


def test_priming_answers_the_unknown_path_with_a_404_and_no_aws_call():
    app = api.build_app(meta.router)
    answer = app.resolve(snapstart.priming_event(), None)
    assert answer["statusCode"] == 404


def test_hooks_are_registered_in_the_runtime_and_a_restore_reseeds_random(monkeypatch):
    registered = {}
    runtime = types.ModuleType("snapshot_restore_py")
    runtime.register_before_snapshot = lambda fn: registered.setdefault("before", fn)
    runtime.register_after_restore = lambda fn: registered.setdefault("after", fn)
    monkeypatch.setitem(sys.modules, "snapshot_restore_py", runtime)
    api.build_app(meta.router)
    assert registered["before"]()["statusCode"] == 404
    random.seed(1)
    first = random.random()
    random.seed(1)
    registered["after"]()
    assert random.random() != first


def test_nothing_is_registered_outside_the_lambda_runtime():
    assert "snapshot_restore_py" not in sys.modules
    assert snapstart.register(lambda: None) is False
