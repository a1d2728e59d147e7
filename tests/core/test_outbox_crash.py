"""A worker killed with SIGKILL in the middle of a send: nothing is lost, nothing is sent twice
beyond what the at-least-once window allows, and every repeat carries the same Message-ID."""

import os
import random
import time
from collections import Counter

import pytest

from core.models import OutboundEmail
from core.outbox import Recipient, queue_emails
from core.tasks import recover_stuck_emails_task
from tests.conftest import start_celery_worker

RECIPIENTS = 500
KILLS = 10
Status = OutboundEmail.Status


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_ten_times_mid_send_leaves_every_recipient_one_message_by_message_id(smtp_server):
    from ricomi.celery import app

    seed = int(os.environ.get("OUTBOX_KILL_SEED", time.time_ns() % 100_000))
    chance = random.Random(seed)  # noqa: S311 - kill moments, not secrets; the seed is printed to replay
    smtp_server.messages.clear()
    queue = f"ricomi-test-kill-{os.getpid()}"
    default_queue, app.conf.task_default_queue = app.conf.task_default_queue, queue
    worker = start_killable_worker(queue, smtp_server)
    in_flight_when_killed = set()
    try:
        queue_emails(
            [Recipient(f"person{i:03}@example.org", "es") for i in range(RECIPIENTS)],
            subject="Boletín de prueba",
            body="Texto del boletín.",
            about="tests.crash:1",
            key="tests.crash:1",
        )
        for _ in range(KILLS):
            # A random moment: after 1 to 30 more messages (so ten kills fit in any machine's send
            # of 500), then a random point of the next message's exchange.
            wait_for_progress(smtp_server, since=len(smtp_server.messages) + chance.randrange(30))
            time.sleep(chance.uniform(0, 0.01))
            worker.kill()
            worker.wait()
            assert OutboundEmail.objects.filter(status=Status.SENT).count() < RECIPIENTS, (
                "killed after the send"
            )
            worker = start_killable_worker(queue, smtp_server)
            # The server has finished with the dead connection by now (the restart takes seconds).
            in_flight_when_killed |= accepted_but_not_marked(smtp_server)
            recover_stuck_emails_task.delay()  # what beat does every minute
        wait_until_all_sent(recover_stuck_emails_task)
    finally:
        worker.kill()
        worker.wait()
        app.conf.task_default_queue = default_queue

    rows = {row.to: row.message_id for row in OutboundEmail.objects.all()}
    received = Counter(message["To"] for message in smtp_server.messages)
    message_ids = {}
    for message in smtp_server.messages:
        message_ids.setdefault(message["To"], set()).add(message["Message-ID"])
    lost = sorted(set(rows) - set(received))
    repeated = sorted(to for to, count in received.items() if count > 1)
    print(f"seed {seed}: {KILLS} kills, lost {len(lost)}, sent again after a kill {len(repeated)}")
    assert lost == []
    assert message_ids == {to: {message_id} for to, message_id in rows.items()}  # 0 duplicated by Message-ID
    assert repeated == sorted(in_flight_when_killed)  # only a message accepted just before a kill
    assert all(received[to] == 2 for to in repeated)
    assert len(repeated) <= KILLS


def start_killable_worker(queue, smtp_server):
    return start_celery_worker(
        queue,
        smtp_server,
        log_name="celery-worker-killed.log",
        OUTBOX_BATCH_SIZE="50",
        OUTBOX_CLAIM_TIMEOUT_SECONDS="2",
        OUTBOX_RETRY_BASE_SECONDS="0.5",
    )


def wait_for_progress(smtp_server, *, since, timeout=30):
    deadline = time.monotonic() + timeout
    while len(smtp_server.messages) <= since:
        assert time.monotonic() < deadline, "the worker did not resume sending"
        time.sleep(0.01)


def accepted_but_not_marked(smtp_server) -> set[str]:
    """Recipients whose message the server accepted while their row was still being sent."""
    accepted = {message["Message-ID"] for message in smtp_server.messages}
    in_flight = OutboundEmail.objects.filter(status=Status.SENDING).values_list("to", "message_id")
    return {to for to, message_id in in_flight if message_id in accepted}


def wait_until_all_sent(recover_task, timeout=60):
    deadline = time.monotonic() + timeout
    next_recovery = time.monotonic() + 2.5  # rows of the last killed batch wait for the claim timeout (2 s)
    while OutboundEmail.objects.exclude(status=Status.SENT).exists():
        assert time.monotonic() < deadline, "the outbox did not drain after the last restart"
        if time.monotonic() > next_recovery:
            recover_task.delay()
            next_recovery += 2.5
        time.sleep(0.2)
