"""Fixtures shared by the whole suite: accounts per role, an admin login with TOTP."""

import email
import email.policy
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django_otp.oath import TOTP

from network.roles import CEAM_SECRETARIAT, TECHNICAL_SECRETARIAT
from tests.factories import (
    PASSWORD,
    FocalPointFactory,
    InstitutionFactory,
    StaffFactory,
    TOTPDeviceFactory,
    country,
)


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached search counts must not leak from one test's data to the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def outbox_sends_to_memory(settings):
    """As pytest-django does for EMAIL_BACKEND: what the outbox sends in this process stays in
    memory unless a test asks for the SMTP server (`smtp_outbox`)."""
    settings.OUTBOX_TRANSPORT = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def mexico(db):
    return country("MX")


@pytest.fixture
def guatemala(db):
    return country("GT")


@pytest.fixture
def focal_point_mx(db):
    return FocalPointFactory(institution=InstitutionFactory(country=country("MX")))


@pytest.fixture
def focal_point_gt(db):
    return FocalPointFactory(institution=InstitutionFactory(country=country("GT")))


@pytest.fixture
def secretariat_user(db):
    return StaffFactory(groups=[TECHNICAL_SECRETARIAT])


@pytest.fixture
def ceam_user(db):
    return StaffFactory(groups=[CEAM_SECRETARIAT])


def current_token(device) -> str:
    return f"{TOTP(device.bin_key, drift=device.drift).token():06d}"


def log_in_to_admin(client, user) -> None:
    """Log in through the admin's own form, with password and the TOTP code of a real device."""
    device = TOTPDeviceFactory(user=user)
    response = client.post(
        "/admin/login/",
        {
            "username": user.username,
            "password": PASSWORD,
            "otp_device": device.persistent_id,
            "otp_token": current_token(device),
            "next": "/admin/",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.fixture
def admin_client_for():
    """Return a function that gives a test client logged in to the admin as `user`, with TOTP."""
    from django.test import Client

    def make(user):
        client = Client()
        log_in_to_admin(client, user)
        return client

    return make


# --- real services: an SMTP server on loopback and a Celery worker consuming from Redis ---------


class CollectingHandler:
    """aiosmtpd handler that keeps every message it accepts, parsed.

    `rcpt_replies` injects faults: the answers listed for an address are given, one per try, to
    its RCPT command before the address is accepted (e.g. ["451 4.3.0 Try again later"]).
    """

    def __init__(self):
        self.messages = []
        self.rcpt_replies: dict[str, list[str]] = {}
        self.greetings = 0  # one per SMTP session

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.greetings += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.rcpt_replies.get(address):
            return self.rcpt_replies[address].pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.original_content, policy=email.policy.default))
        return "250 Message accepted for delivery"


@pytest.fixture(scope="session")
def smtp_server():
    """A real SMTP server on 127.0.0.1 for the whole run; `smtp_outbox` empties it per test."""
    handler = CollectingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    controller.messages = handler.messages
    controller.rcpt_replies = handler.rcpt_replies
    yield controller
    controller.stop()


@pytest.fixture
def smtp_outbox(smtp_server, settings):
    """Send this test's email over SMTP to the loopback server; returns the received messages."""
    settings.EMAIL_BACKEND = settings.OUTBOX_TRANSPORT = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = smtp_server.hostname, smtp_server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    smtp_server.messages.clear()
    smtp_server.rcpt_replies.clear()
    return smtp_server.messages


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker, smtp_server):
    """A `celery worker` process on its own queue, using the test database and the SMTP server."""
    from django.conf import settings

    from ricomi.celery import app

    if not settings.CELERY_BROKER_URL:
        pytest.skip("CELERY_BROKER_URL is not set: run the suite through `make test`")
    queue = f"ricomi-test-{os.getpid()}"
    app.conf.task_default_queue = queue
    worker = start_celery_worker(queue, smtp_server, OUTBOX_RETRY_BASE_SECONDS="0.5")
    try:
        yield worker
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def start_celery_worker(queue, smtp_server, log_name="celery-worker.log", **settings_env):
    """Start a `celery worker` on `queue` against the test database and the SMTP server; wait until ready.

    `settings_env` are extra environment variables, read by the settings (e.g. outbox delays).
    """
    from django.conf import settings
    from django.db import connection

    from ricomi.celery import app

    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "EMAIL_URL": f"smtp://{smtp_server.hostname}:{smtp_server.port}",
        "SITE_URL": "http://testserver",
        **settings_env,
    }
    log_path = Path(settings.BASE_DIR) / "var" / "test-output" / log_name
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("w") as log:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "ricomi", "worker", "--pool=solo", "-Q", queue,
             "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO"],
            cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        wait_until_ready(app, worker, log_path)
    except BaseException:
        worker.kill()
        raise
    return worker


def wait_until_ready(app, worker, log_path, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            raise RuntimeError(f"celery worker exited:\n{log_path.read_text()}")
        if "ready." in log_path.read_text():
            return
        time.sleep(0.2)
    raise RuntimeError(f"celery worker not ready after {timeout}s:\n{log_path.read_text()}")


@pytest.fixture
def english_by_default(settings):
    """English where no language is asked for: the admin (its addresses carry none) and messages
    raised outside a request, so that tests can read the English source strings."""
    settings.LANGUAGE_CODE = "en"
