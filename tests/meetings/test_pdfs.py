"""The meetings' PDFs: rendered once per language and version, their text read back with pypdf."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from core.models import RenderedDocument
from meetings import documents
from meetings.models import Registration
from tests.factories import country

from .factories import MeetingFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def flat(text: str) -> str:
    """Text without any white space: table cells wrap names, and pypdf splits some kerned pairs ("T wo")."""
    return "".join(text.split())


def text_of(response) -> str:
    """The PDF's text, flattened (see `flat`); compare it with flat(...) phrases."""
    data = b"".join(response.streaming_content)
    assert data.startswith(b"%PDF")
    return flat("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


@pytest.fixture
def held(db):
    meeting = MeetingFactory(
        title_en="Held meeting", starts_on=timezone.localdate() - timedelta(days=10), status="held",
        outcomes_en="Two cooperation offers on return.",
    )  # fmt: skip
    approved = {"status": Registration.Status.APPROVED, "attendance": "attended"}
    RegistrationFactory(meeting=meeting, name="Zoe Mexicana", country=country("MX"), **approved)
    RegistrationFactory(meeting=meeting, name="Ana Mexicana", country=country("MX"), **approved)
    RegistrationFactory(meeting=meeting, name="Luis Guatemalteco", country=country("GT"), **approved)
    RegistrationFactory(meeting=meeting, name="Pendiente Persona", country=country("GT"))
    return meeting


def test_the_participant_list_groups_approved_delegates_by_country(client, secretariat_user, held):
    client.force_login(secretariat_user)

    text = text_of(client.get(f"/en/meetings/{held.pk}/participants.pdf"))

    assert text.index("Guatemala") < text.index(flat("Luis Guatemalteco")) < text.index("Mexico")
    assert text.index("Mexico") < text.index(flat("Ana Mexicana")) < text.index(flat("Zoe Mexicana"))
    assert flat("Pendiente Persona") not in text


def test_badges_carry_each_delegates_name_and_country(client, secretariat_user, held):
    client.force_login(secretariat_user)

    text = text_of(client.get(f"/en/meetings/{held.pk}/badges.pdf"))

    assert [flat(name) in text for name in ("Ana Mexicana", "Luis Guatemalteco", "Zoe Mexicana")] == [
        True
    ] * 3


def test_a_certificate_names_the_delegate_and_the_meeting_for_its_focal_point(client, focal_point_mx, held):
    registration = held.registrations.get(name="Ana Mexicana")
    client.force_login(focal_point_mx.user)

    text = text_of(client.get(f"/en/meetings/{held.pk}/registrations/{registration.pk}/certificate.pdf"))

    assert flat("Certificate of attendance") in text
    assert flat("Ana Mexicana") in text
    assert flat("Held meeting") in text


def test_no_certificate_for_a_delegate_who_did_not_attend(client, secretariat_user, held):
    registration = held.registrations.get(name="Pendiente Persona")
    client.force_login(secretariat_user)

    response = client.get(f"/en/meetings/{held.pk}/registrations/{registration.pk}/certificate.pdf")

    assert response.status_code == 404


def test_the_closing_report_counts_participants_and_countries_and_gives_outcomes(
    client, secretariat_user, held
):
    client.force_login(secretariat_user)

    text = text_of(client.get(f"/en/meetings/{held.pk}/report.pdf"))

    assert flat("3 participants from 2 countries.") in text
    assert flat("Two cooperation offers on return.") in text


def test_a_pdf_is_rendered_once_per_language_and_again_only_when_its_content_changes(held):
    first = documents.participant_list_pdf(held, "en")
    again = documents.participant_list_pdf(held, "en")
    spanish = documents.participant_list_pdf(held, "es")
    held.registrations.filter(name="Zoe Mexicana").update(name="Zoe Cambiada", updated_at=timezone.now())
    changed = documents.participant_list_pdf(held, "en")

    assert again.pk == first.pk
    assert spanish.pk != first.pk
    assert changed.version != first.version
    assert RenderedDocument.objects.filter(key=f"meetings.participants:{held.pk}").count() == 2  # en and es
