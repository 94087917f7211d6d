"""The intake's two emails when SES fails: sent later, once, and the visitor never sees it; dead
after every retry until redriven."""

from datetime import UTC

from tests.unit.intake_helpers import URL, form, intakes


def _fail_send(monkeypatch, which: int) -> None:
    """mail.send raises the `which`-th time it is called (1: the assistant's notice, 2: the
    client's confirmation), and sends otherwise."""
    from portal import mail

    real_send = mail.send
    calls = {"n": 0}

    def flaky(to, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == which:
            raise RuntimeError("SES is having a moment")
        return real_send(to, *args, **kwargs)

    monkeypatch.setattr(mail, "send", flaky)


def _sweep_later(minutes: int):
    from datetime import datetime, timedelta

    from portal.outbox import delivery

    return delivery.sweep(datetime.now(UTC) + timedelta(minutes=minutes))


def test_an_email_that_fails_goes_out_later_once_and_the_visitor_never_sees_it(api, sent_mail, monkeypatch):
    """Issue 12: a send failing after the commit used to answer 500 (and the retry could not tell)."""
    from portal.models.outbox import OutboxMessage

    _fail_send(monkeypatch, 2)  # whichever email goes second, the first time
    body = form()
    assert api.post(URL, body).status == 201  # committed: the answer never waits on SES
    assert len(sent_mail()) == 1
    waiting = [m for m in OutboxMessage.scan() if m.status == "pending"]
    assert len(waiting) == 1 and waiting[0].attempts == 1 and waiting[0].last_error == "RuntimeError"
    assert api.post(URL, body).status == 201  # the browser's retry queues nothing new
    assert _sweep_later(5)["sent"] == 1
    assert _sweep_later(10)["sent"] == 0
    subjects = sorted(m["subject"] for m in sent_mail())
    assert len(subjects) == 2 and subjects[0] != subjects[1]
    assert len(intakes()) == 1 and {m.status for m in OutboxMessage.scan()} == {"sent"}


def test_a_message_that_keeps_failing_is_dead_until_redriven(api, sent_mail, monkeypatch):
    from portal import mail
    from portal.outbox import delivery

    real_send = mail.send
    monkeypatch.setattr(mail, "send", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("SES sandbox")))
    assert api.post(URL, form()).status == 201
    for minutes in range(0, 60 * 24, 30):
        _sweep_later(minutes)
    from portal.models.outbox import OutboxMessage

    assert {m.status for m in OutboxMessage.scan()} == {"dead"}
    assert all(m.attempts == delivery.MAX_ATTEMPTS for m in OutboxMessage.scan())
    monkeypatch.setattr(mail, "send", real_send)
    assert delivery.redrive()["revived"] == 2
    assert len(sent_mail()) == 2 and {m.status for m in OutboxMessage.scan()} == {"sent"}
