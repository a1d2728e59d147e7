"""The quick start (SQLite, eager tasks) builds a bulletin in four languages and sends it."""

import pytest

from bulletins import services
from bulletins.models import Bulletin, Subscriber
from core.models import OutboundEmail
from tests.bulletins.helpers import SubscriberFactory, initiative_of

pytestmark = [pytest.mark.smoke, pytest.mark.django_db]


def test_the_quick_start_builds_and_sends_a_bulletin_with_eager_tasks(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.OUTBOX_TRANSPORT = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    initiative_of(2025, "MX")
    SubscriberFactory(email="ana@example.org", language="fr")
    SubscriberFactory(email="waiting@example.org", status=Subscriber.Status.UNCONFIRMED)
    bulletin = Bulletin.objects.create(year=2025)

    with django_capture_on_commit_callbacks(execute=True):
        services.build_bulletin(bulletin)
    bulletin.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.send_bulletin(bulletin)

    assert bulletin.status == Bulletin.Status.SENDING
    assert sorted(bulletin.stored_pdfs()) == ["en", "es", "fr", "pt"]
    assert list(OutboundEmail.objects.values_list("to", "status")) == [("ana@example.org", "sent")]
    [written] = tmp_path.iterdir()
    assert 'filename="ricomi-bulletin-2025-fr.pdf"' in written.read_text()
