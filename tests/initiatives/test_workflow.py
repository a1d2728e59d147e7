import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from django.utils.translation import gettext

from core.models import OutboundEmail
from initiatives import services
from initiatives.models import Initiative, StateChange
from tests.factories import InitiativeFactory

State = Initiative.State


def site_form_data(**overrides):
    data = {
        "lead_country": "", "kind": "programme", "scope": "national", "status": "ongoing",
        "start_year": "2021", "themes": [], "populations": [],
        "title_es": "Ventanilla única para personas retornadas",
        "summary_es": "Atención integral al retorno.",
        "title_fr": "Guichet unique pour les personnes de retour",
        "summary_fr": "Accueil intégral au retour.",
        "links-TOTAL_FORMS": "1", "links-INITIAL_FORMS": "0", "links-0-title": "", "links-0-url": "",
        "refs-TOTAL_FORMS": "1", "refs-INITIAL_FORMS": "0", "refs-0-system": "", "refs-0-identifier": "",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_focal_point_writes_an_initiative_in_two_languages_on_the_site(client, focal_point_mx):
    from network.models import TargetPopulation, Theme

    client.force_login(focal_point_mx.user)
    data = site_form_data(
        lead_country=focal_point_mx.country_id,
        themes=[Theme.objects.get(slug="return-reintegration").pk],
        populations=[TargetPopulation.objects.get(slug="returned-migrants").pk],
        **{"links-0-title": "Sitio oficial", "links-0-url": "https://www.gob.mx/inm"},
    )

    response = client.post("/es/initiatives/new/", data)

    initiative = Initiative.objects.get()
    assert response.status_code == 302
    assert (initiative.title_es, initiative.title_fr) == (
        "Ventanilla única para personas retornadas",
        "Guichet unique pour les personnes de retour",
    )
    assert not initiative.title_en
    assert initiative.state == State.DRAFT
    assert initiative.created_by == focal_point_mx.user
    assert [link.url for link in initiative.links.all()] == ["https://www.gob.mx/inm"]


def test_site_form_requires_a_title_in_some_language_and_saves_nothing_otherwise(client, focal_point_mx):
    client.force_login(focal_point_mx.user)

    response = client.post(
        "/en/initiatives/new/",
        site_form_data(lead_country=focal_point_mx.country_id, title_es="", title_fr=""),
    )

    assert response.status_code == 200
    assert "Give the title in at least one language." in str(response.context["form"].non_field_errors())
    assert Initiative.objects.count() == 0


def test_focal_point_cannot_write_for_another_country(client, focal_point_mx, guatemala):
    client.force_login(focal_point_mx.user)

    response = client.post("/es/initiatives/new/", site_form_data(lead_country=guatemala.pk))

    assert response.status_code == 200
    assert "lead_country" in response.context["form"].errors
    assert Initiative.objects.count() == 0


def test_focal_point_is_refused_on_another_countrys_initiative(client, focal_point_mx, guatemala):
    other = InitiativeFactory(lead_country=guatemala, state=State.DRAFT, published_at=None)
    client.force_login(focal_point_mx.user)

    assert client.get(f"/es/initiatives/{other.pk}/edit/").status_code == 404
    assert client.post(f"/es/initiatives/{other.pk}/actions/submit/").status_code == 404
    assert client.get(other.get_absolute_url()).status_code == 404


def test_submission_then_publication_records_every_step(focal_point_mx, secretariat_user):
    initiative = InitiativeFactory(lead_country=focal_point_mx.country, state=State.DRAFT, published_at=None)

    services.submit_initiative(initiative, by=focal_point_mx.user)
    services.publish_initiative(initiative, by=secretariat_user, note="Revisada.")

    initiative.refresh_from_db()
    steps = list(StateChange.objects.values_list("from_state", "to_state", "by", "note"))
    assert initiative.state == State.PUBLISHED
    assert initiative.published_at is not None
    assert steps == [
        ("draft", "submitted", focal_point_mx.user.pk, ""),
        ("submitted", "published", secretariat_user.pk, "Revisada."),
    ]


def test_focal_point_cannot_publish(focal_point_mx):
    initiative = InitiativeFactory(
        lead_country=focal_point_mx.country, state=State.SUBMITTED, published_at=None
    )

    with pytest.raises(PermissionDenied):
        services.publish_initiative(initiative, by=focal_point_mx.user)
    assert Initiative.objects.get(pk=initiative.pk).state == State.SUBMITTED


def test_returning_needs_a_note(secretariat_user):
    initiative = InitiativeFactory(state=State.SUBMITTED, published_at=None)

    with pytest.raises(ValidationError):
        services.return_initiative(initiative, by=secretariat_user, note="  ")
    services.return_initiative(initiative, by=secretariat_user, note="Falta el presupuesto.")

    assert Initiative.objects.get(pk=initiative.pk).state == State.RETURNED


def test_impossible_transitions_are_refused(secretariat_user):
    initiative = InitiativeFactory(state=State.DRAFT, published_at=None)

    with pytest.raises(ValidationError):
        services.publish_initiative(initiative, by=secretariat_user)


def test_unpublished_initiatives_are_not_public(client, db):
    draft = InitiativeFactory(state=State.SUBMITTED, published_at=None)

    assert client.get(draft.get_absolute_url()).status_code == 404
    assert services.may_publish(AnonymousUser()) is False


def test_history_is_shown_to_staff_on_the_detail_page(client, focal_point_mx, secretariat_user):
    initiative = InitiativeFactory(lead_country=focal_point_mx.country, state=State.DRAFT, published_at=None)
    services.submit_initiative(initiative, by=focal_point_mx.user)
    services.publish_initiative(initiative, by=secretariat_user, note="Aprobada por la Secretaría.")
    client.force_login(secretariat_user)

    staff_view = client.get(initiative.get_absolute_url()).content.decode()
    client.logout()
    public_view = client.get(initiative.get_absolute_url()).content.decode()

    assert "Aprobada por la Secretaría." in staff_view
    assert "Aprobada por la Secretaría." not in public_view


@pytest.mark.django_db(transaction=True)
def test_focal_point_is_emailed_by_the_worker_when_published_or_returned(
    celery_worker, smtp_server, focal_point_mx, secretariat_user
):
    smtp_server.messages.clear()
    focal_point_mx.language = "fr"
    focal_point_mx.save()
    published = InitiativeFactory(
        lead_country=focal_point_mx.country, state=State.SUBMITTED, published_at=None
    )
    returned = InitiativeFactory(
        lead_country=focal_point_mx.country, state=State.SUBMITTED, published_at=None
    )

    services.publish_initiative(published, by=secretariat_user)
    services.return_initiative(returned, by=secretariat_user, note="Añadir los resultados.")

    messages = wait_for_messages(smtp_server, 2)
    subjects = sorted(message["Subject"].strip() for message in messages)
    with translation.override("fr"):
        expected = sorted(
            [
                gettext("RICOMI: “%(title)s” is published") % {"title": published.title},
                gettext("RICOMI: “%(title)s” was returned to you") % {"title": returned.title},
            ]
        )
    assert [message["To"] for message in messages] == [focal_point_mx.user.email] * 2
    assert subjects == expected
    assert "is published" not in " ".join(subjects)  # written in the focal point's language
    returned_mail = next(m for m in messages if returned.title in m["Subject"])
    assert "Añadir los resultados." in returned_mail.get_content()


def test_publication_queues_a_plain_text_notice_in_the_focal_points_language(
    focal_point_mx, secretariat_user
):
    focal_point_mx.language = "fr"
    focal_point_mx.save()
    initiative = InitiativeFactory(
        title_fr="Guichet d'accueil",
        lead_country=focal_point_mx.country,
        state=State.SUBMITTED,
        published_at=None,
    )

    change = services.publish_initiative(initiative, by=secretariat_user)
    services.archive_initiative(initiative, by=secretariat_user)

    [row] = OutboundEmail.objects.all()
    with translation.override("fr"):
        expected = gettext("RICOMI: “%(title)s” is published") % {"title": "Guichet d'accueil"}
    assert (row.to, row.language, row.subject) == (focal_point_mx.user.email, "fr", expected)
    assert "&#x27;" not in row.subject + row.body
    assert (row.about, row.notice_key) == (f"initiatives.statechange:{change.pk}",) * 2


def wait_for_messages(smtp_server, count, timeout=30):
    import time

    deadline = time.monotonic() + timeout
    while len(smtp_server.messages) < count and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(smtp_server.messages) == count
    return list(smtp_server.messages)
