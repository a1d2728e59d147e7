import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from initiatives import services
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


def test_an_edit_in_the_admin_goes_through_the_service_and_reaches_the_search(
    client, focal_point_mx, guatemala, rf, django_capture_on_commit_callbacks
):
    model_admin = admin.site._registry[Initiative]
    request = rf.post("/admin/")
    request.user = focal_point_mx.user
    own = InitiativeFactory(
        lead_country=focal_point_mx.country, state=Initiative.State.SUBMITTED, published_at=None
    )
    other = InitiativeFactory(lead_country=guatemala, state=Initiative.State.DRAFT, published_at=None)
    own.title_es, other.title_es = "Albergue temporal", "Ajeno"

    with django_capture_on_commit_callbacks(execute=True):
        model_admin.save_model(request, own, form=None, change=True)
    with pytest.raises(PermissionDenied):
        model_admin.save_model(request, other, form=None, change=True)

    services.publish_initiative(own, by=StaffFactory(is_superuser=True))
    found = client.get("/es/initiatives/?q=albergue").context["result"].page.object_list
    assert [i.title for i in found] == ["Albergue temporal"]
    assert Initiative.objects.get(pk=other.pk).title_es != "Ajeno"
