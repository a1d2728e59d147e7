"""The quick start (SQLite, no broker, eager tasks) sends through the outbox too, to the file backend."""

import pytest

from core.models import OutboundEmail
from core.outbox import queue_email

pytestmark = [pytest.mark.smoke, pytest.mark.django_db]


def test_the_quick_start_sends_queued_email_to_the_file_outbox(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.OUTBOX_TRANSPORT = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)

    with django_capture_on_commit_callbacks(execute=True):
        queue_email(
            "ana@example.org",
            language="fr",
            subject="Guichet d'accueil",
            body="Bonjour.",
            about="tests.quickstart:1",
            key="tests.quickstart:1",
        )

    row = OutboundEmail.objects.get()
    [written] = tmp_path.iterdir()
    assert settings.CELERY_TASK_ALWAYS_EAGER is True
    assert (row.status, row.attempts) == (OutboundEmail.Status.SENT, 1)
    assert f"Message-ID: {row.message_id}" in written.read_text()
    assert "Subject: Guichet d'accueil" in written.read_text()
