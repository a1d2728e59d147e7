"""The secretariat's desk (review queue, paginated records), the translation desk and translations."""

from datetime import timedelta

import pytest
from django.utils import timezone

from initiatives import services
from initiatives.models import Initiative, StateChange
from network.roles import TRANSLATORS
from tests.factories import FocalPointFactory, InitiativeFactory, UserFactory
from tests.factories import country as country_of

SUBMITTED = Initiative.State.SUBMITTED


@pytest.fixture
def translator(db):
    return UserFactory(groups=[TRANSLATORS])


def spanish_only(**extra):
    return InitiativeFactory(
        title_fr="Titre français", summary_fr="Résumé.", description_es="Descripción en español.", **extra
    )


def test_the_review_queue_lists_submitted_records_oldest_first_with_country(client, secretariat_user):
    newer = InitiativeFactory(title_es="Más reciente", state=SUBMITTED, lead_country=country_of("GT"))
    older = InitiativeFactory(title_es="Más antigua", state=SUBMITTED)
    StateChange.objects.create(
        initiative=older, from_state="draft", to_state=SUBMITTED, by=secretariat_user,
        at=timezone.now() - timedelta(days=3),
    )  # fmt: skip
    InitiativeFactory(title_es="Publicada")
    client.force_login(secretariat_user)

    response = client.get("/en/initiatives/mine/")

    assert [i.pk for i in response.context["queue"]] == [older.pk, newer.pk]
    assert [i.title for i in response.context["page"]] == ["Publicada"]
    assert "3\xa0days ago" in response.content.decode()


def test_the_desk_paginates_searches_and_filters_by_country_and_state(client, secretariat_user):
    for n in range(30):
        InitiativeFactory(title_es=f"Registro {n}")
    InitiativeFactory(title_es="Guatemalteca", lead_country=country_of("GT"), state=Initiative.State.ARCHIVED)
    client.force_login(secretariat_user)

    first = client.get("/en/initiatives/mine/")
    second = client.get("/en/initiatives/mine/?page=2")
    found = client.get("/en/initiatives/mine/?q=registro 2&country=mx")
    archived = client.get("/en/initiatives/mine/?state=archived&country=gt")

    assert (len(first.context["page"]), first.context["page"].paginator.count) == (25, 31)
    assert len(second.context["page"]) == 6
    assert sorted(i.title for i in found.context["page"]) == [
        "Registro 2",
        *(f"Registro 2{n}" for n in range(10)),
    ]
    assert [i.title for i in archived.context["page"]] == ["Guatemalteca"]


def test_bad_desk_filters_get_a_message_on_their_field_never_a_500(client, secretariat_user):
    InitiativeFactory(title_es="Una")
    client.force_login(secretariat_user)

    response = client.get("/en/initiatives/mine/?country=zz&state=nope&page=abc")

    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"country", "state"}
    assert 'id="id_country_error"' in response.content.decode()
    assert [i.title for i in response.context["page"]] == ["Una"]


def test_a_focal_point_sees_only_its_country_paginated_without_a_queue(client, focal_point_mx):
    InitiativeFactory(title_es="Mexicana", state=SUBMITTED)
    InitiativeFactory(title_es="Guatemalteca", lead_country=country_of("GT"))
    client.force_login(focal_point_mx.user)

    response = client.get("/en/initiatives/mine/")

    assert response.context["queue"] is None
    assert [i.title for i in response.context["page"]] == ["Mexicana"]


def test_publishing_says_what_happened_and_who_was_told(client, secretariat_user, focal_point_gt):
    record = InitiativeFactory(title_es="Ventanilla", state=SUBMITTED, lead_country=focal_point_gt.country)
    client.force_login(secretariat_user)

    response = client.post(f"/en/initiatives/{record.pk}/actions/publish/", follow=True)

    said = [str(m) for m in response.context["messages"]]
    assert said == ["“Ventanilla” is published; the focal points of Guatemala were notified."]


def test_the_translation_desk_lists_published_records_missing_a_language_oldest_first(client, translator):
    old = spanish_only(published_at=timezone.now() - timedelta(days=30))
    new = spanish_only(kind=Initiative.Kind.POLICY)
    spanish_only(state=Initiative.State.DRAFT)
    InitiativeFactory(title_fr="Complète", summary_fr="Résumé.")
    client.force_login(translator)

    everything = client.get("/en/initiatives/translations/?language=fr")
    policies = client.get("/en/initiatives/translations/?language=fr&kind=policy&country=mx")

    assert [record.pk for record, _coverage in everything.context["rows"]] == [old.pk, new.pk]
    assert [coverage.missing for _record, coverage in everything.context["rows"]] == [["description"]] * 2
    assert [record.pk for record, _coverage in policies.context["rows"]] == [new.pk]


def test_the_translation_desk_is_closed_to_focal_points(client, focal_point_mx):
    client.force_login(focal_point_mx.user)

    assert client.get("/en/initiatives/translations/").status_code == 403
    assert client.get(f"/en/initiatives/{spanish_only().pk}/translate/fr/").status_code == 403


def test_a_translator_fills_in_one_language_and_touches_nothing_else(client, translator):
    record = spanish_only()
    spanish_title = record.title_es
    client.force_login(translator)

    response = client.post(
        f"/en/initiatives/{record.pk}/translate/fr/",
        {"title": "Titre français", "summary": "Résumé.", "description": "Description en français.",
         "kind": "policy", "title_es": "Cambiado"},
    )  # fmt: skip

    record.refresh_from_db()
    assert response.status_code == 302
    assert (record.description_fr, record.title_es, record.kind) == (
        "Description en français.",
        spanish_title,
        "programme",
    )
    change = record.state_changes.get()
    assert (change.by, change.from_state, change.to_state) == (translator, "published", "published")
    assert change.note == "Translated into French: description."


def test_a_translation_that_changes_nothing_records_nothing(db, translator):
    record = spanish_only()

    result = services.translate_initiative(
        record, language="fr", texts={"title": "Titre français"}, by=translator
    )

    assert result is None
    assert not record.state_changes.exists()


def test_the_translate_page_shows_the_original_beside_each_field_and_refuses_drafts(client, translator):
    record = spanish_only()
    draft = spanish_only(state=Initiative.State.DRAFT)
    client.force_login(translator)

    page = client.get(f"/en/initiatives/{record.pk}/translate/fr/").content.decode()

    assert '<div lang="es"><p>Descripción en español.</p></div>' in page
    assert "Description, original in Spanish:" in page
    assert 'lang="fr"' in page
    assert client.get(f"/fr/initiatives/{draft.pk}/translate/fr/").status_code == 404
    assert client.get(f"/fr/initiatives/{record.pk}/translate/xx/").status_code == 404


def test_the_focal_point_sees_which_sections_remain_untranslated_before_submitting(client, db):
    focal_point = FocalPointFactory(institution__country=country_of("MX"))
    draft = InitiativeFactory(state=Initiative.State.DRAFT, description_es="Texto.", title_en="Title")
    client.force_login(focal_point.user)

    page = client.get(f"/en/initiatives/{draft.pk}/manage/").content.decode()

    assert "Spanish: complete." in page
    assert "English: not yet translated: summary, description." in page
    assert "French: not yet translated: title, summary, description." in page
