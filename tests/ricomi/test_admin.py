import pytest
from django.contrib import admin
from django.urls import reverse

from initiatives.models import Initiative
from tests.factories import InitiativeFactory, StaffFactory

MODELS = [model for model in admin.site._registry if model._meta.app_label in {"network", "initiatives"}]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_every_model_has_a_working_admin_list_and_form(admin_client_for, db, model):
    client = admin_client_for(StaffFactory(is_superuser=True))
    opts = model._meta

    listing = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    adding = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))

    assert listing.status_code == 200
    assert adding.status_code == 200


def test_translated_fields_are_grouped_per_language_in_the_admin(admin_client_for, db):
    client = admin_client_for(StaffFactory(is_superuser=True))

    response = client.get(reverse("admin:network_theme_add"))

    titles = [fieldset.name for fieldset in response.context["adminform"]]
    assert titles == [None, "Español", "English", "Français", "Português"]
    assert [list(line.fields) for line in list(response.context["adminform"])[3]] == [
        ["name_fr"],
        ["description_fr"],
    ]


def test_focal_point_cannot_open_another_countrys_initiative_in_the_admin(
    focal_point_mx, guatemala, admin_client_for
):
    other = InitiativeFactory(lead_country=guatemala)
    own = InitiativeFactory(lead_country=focal_point_mx.country)
    client = admin_client_for(focal_point_mx.user)

    assert client.get(reverse("admin:initiatives_initiative_change", args=[other.pk])).status_code == 403
    assert client.get(reverse("admin:initiatives_initiative_change", args=[own.pk])).status_code == 200


def test_secretariat_publishes_from_the_admin_through_the_service(admin_client_for, secretariat_user):
    submitted = InitiativeFactory(state=Initiative.State.SUBMITTED, published_at=None)
    client = admin_client_for(secretariat_user)

    client.post(
        reverse("admin:initiatives_initiative_changelist"),
        {"action": "publish", "_selected_action": [submitted.pk]},
    )

    submitted.refresh_from_db()
    assert submitted.state == Initiative.State.PUBLISHED
    assert submitted.state_changes.get().by == secretariat_user
