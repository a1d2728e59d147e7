"""The body of a published initiative's page, kept per language for visitors without a session."""

import time

import pytest
from django.db import transaction

from initiatives.models import InitiativeLink, RenderedDetail, Verification
from initiatives.public_detail import kept_body, render_bodies
from network.models import Theme
from tests.factories import InitiativeFactory, UserFactory


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False  # each visit builds its page: what is measured is the body


def page(client, initiative, language="en"):
    response = client.get(f"/{language}/initiatives/{initiative.pk}-{initiative.slug_in(language)}/")
    assert response.status_code == 200
    return response


def test_a_first_anonymous_visit_keeps_the_body_and_the_next_visits_read_it_in_two_queries(
    client, db, django_assert_num_queries
):
    initiative = InitiativeFactory(title_en="Dignified return", themes=["health"])
    InitiativeFactory(title_en="Health corridor", themes=["health"])

    first = page(client, initiative).content.decode()
    with django_assert_num_queries(2):  # the kept body with its record's fields; related records
        again = page(client, initiative).content.decode()

    assert RenderedDetail.objects.filter(initiative=initiative, language="en").count() == 1
    assert again == first
    assert "<h1>Dignified return</h1>" in again
    assert "Health corridor" in again


def test_render_bodies_keeps_one_body_per_language_and_renders_nothing_twice(db):
    initiative = InitiativeFactory(
        title_es="Retorno", title_en="Return", title_fr="Retour", title_pt="Retorno"
    )

    assert render_bodies(initiative.pk) == 4
    assert render_bodies(initiative.pk) == 0
    kept = dict(RenderedDetail.objects.filter(initiative=initiative).values_list("language", "title"))
    assert kept == {"es": "Retorno", "en": "Return", "fr": "Retour", "pt": "Retorno"}


@pytest.mark.parametrize(
    "change",
    [
        lambda i: setattr(i, "title_en", "Changed title") or i.save(),
        lambda i: InitiativeLink.objects.create(
            initiative=i, title="Changed title", url="https://example.org"
        ),
        lambda i: i.themes.set([Theme.objects.create(slug="changed", name_en="Changed title")]),
    ],
    ids=["its text", "a link", "its themes"],
)
def test_a_change_of_the_record_or_its_parts_shows_at_once(client, db, change):
    initiative = InitiativeFactory(title_en="Old title")
    page(client, initiative)

    with transaction.atomic():
        change(initiative)
    initiative.refresh_from_db()

    assert "Changed title" in page(client, initiative).content.decode()


def test_a_renamed_network_term_shows_at_once_on_kept_bodies(client, db):
    initiative = InitiativeFactory(themes=["health"])
    page(client, initiative)

    theme = Theme.objects.get(slug="health")
    theme.name_en = "Health and wellbeing"
    theme.save()

    assert "Health and wellbeing" in page(client, initiative).content.decode()


def test_an_archived_record_is_not_served_from_its_kept_body(client, db):
    initiative = InitiativeFactory()
    page(client, initiative)

    initiative.state = initiative.State.ARCHIVED
    initiative.save()

    address = f"/en/initiatives/{initiative.pk}-{initiative.slug_in('en')}/"
    assert client.get(address).status_code == 404


def test_signed_in_staff_get_a_page_built_for_them_with_the_verifiers_names(client, db, secretariat_user):
    initiative = InitiativeFactory()
    verifier = UserFactory(first_name="Ana", last_name="Reyes")
    Verification.objects.create(initiative=initiative, by=verifier)
    anonymous = page(client, initiative).content.decode()

    client.force_login(secretariat_user)
    staff = page(client, initiative).content.decode()

    assert "Ana Reyes" not in anonymous
    assert "Ana Reyes" in staff
    assert "Manage this initiative" in staff
    assert "Manage this initiative" not in anonymous


def test_a_related_title_in_another_language_says_which(client, db):
    initiative = InitiativeFactory(title_en="Main record", themes=["health"])
    InitiativeFactory(
        title_es="Solo en español", title_en=None, title_fr=None, title_pt=None, themes=["health"]
    )

    related = page(client, initiative).context["related"]

    assert [(r.title, r.title_language) for r in related] == [("Solo en español", "es")]
    assert 'lang="es">Solo en español</a>' in page(client, initiative).content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_published_record_is_rendered_in_every_language_by_the_worker_after_the_commit(celery_worker):
    initiative = InitiativeFactory(title_en="Rendered ahead")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and kept_body(initiative.pk, "en") is None:
        time.sleep(0.2)

    assert kept_body(initiative.pk, "en").title == "Rendered ahead"
    assert sorted(
        RenderedDetail.objects.filter(initiative=initiative).values_list("language", flat=True)
    ) == [
        "en",
        "es",
        "fr",
        "pt",
    ]
