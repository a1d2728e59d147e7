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


@pytest.mark.usefixtures("english_by_default")
def test_an_admin_action_says_what_it_did_to_how_many(admin_client_for, secretariat_user):
    submitted = [InitiativeFactory(state=Initiative.State.SUBMITTED, published_at=None) for _ in range(2)]

    response = admin_client_for(secretariat_user).post(
        reverse("admin:initiatives_initiative_changelist"),
        {"action": "publish", "_selected_action": [i.pk for i in submitted]},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == ["2 initiatives were published."]


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


# --- accounts: the technical secretariat manages focal points' accounts, not superusers or roles ----


def user_form(user, **overrides):
    """The secretariat's change form of an account, as posted back unchanged unless overridden."""
    data = {
        "username": user.username, "first_name": user.first_name, "last_name": user.last_name,
        "email": user.email, "is_active": "on", "is_staff": "on" if user.is_staff else "",
        "groups": [g.pk for g in user.groups.all()],
    }  # fmt: skip
    data.update(overrides)
    return {key: value for key, value in data.items() if value != ""}


def test_technical_secretariat_cannot_make_itself_superuser(admin_client_for, secretariat_user):
    client = admin_client_for(secretariat_user)

    response = client.post(
        reverse("admin:auth_user_change", args=[secretariat_user.pk]),
        user_form(secretariat_user, is_superuser="on"),
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    secretariat_user.refresh_from_db()
    assert secretariat_user.is_superuser is False


def test_technical_secretariat_cannot_change_the_administrators_password(admin_client_for, secretariat_user):
    administrator = StaffFactory(is_superuser=True)
    password_hash = administrator.password
    client = admin_client_for(secretariat_user)

    response = client.post(
        reverse("admin:auth_user_password_change", args=[administrator.pk]),
        {"password1": "taken-over-123!", "password2": "taken-over-123!", "usable_password": "true"},
    )

    assert response.status_code == 404
    administrator.refresh_from_db()
    assert administrator.password == password_hash


def test_technical_secretariat_cannot_open_another_secretariat_members_account(
    admin_client_for, secretariat_user, ceam_user
):
    client = admin_client_for(secretariat_user)

    listing = client.get(reverse("admin:auth_user_changelist"))
    opening = client.get(reverse("admin:auth_user_change", args=[ceam_user.pk]))

    assert ceam_user not in listing.context["cl"].queryset
    assert secretariat_user not in listing.context["cl"].queryset
    assert opening.status_code == 302


def test_technical_secretariat_opens_a_focal_point_account_with_the_focal_points_group_only(
    admin_client_for, secretariat_user
):
    from django.contrib.auth.models import Group, User

    from network.roles import FOCAL_POINTS, TECHNICAL_SECRETARIAT

    focal_points, secretariat = (
        Group.objects.get(name=FOCAL_POINTS),
        Group.objects.get(name=TECHNICAL_SECRETARIAT),
    )
    client = admin_client_for(secretariat_user)
    client.post(
        reverse("admin:auth_user_add"),
        {"username": "punto.focal.hn", "usable_password": "true",
         "password1": "una-clave-larga-91", "password2": "una-clave-larga-91"},
    )  # fmt: skip
    account = User.objects.get(username="punto.focal.hn")
    change_url = reverse("admin:auth_user_change", args=[account.pk])

    escalation = client.post(change_url, user_form(account, groups=[secretariat.pk], is_superuser="on"))
    granted = client.post(change_url, user_form(account, is_staff="on", groups=[focal_points.pk]))

    assert escalation.status_code == 200
    assert "groups" in escalation.context["adminform"].form.errors
    assert granted.status_code == 302
    account.refresh_from_db()
    assert (account.is_staff, account.is_superuser) == (True, False)
    assert list(account.groups.values_list("name", flat=True)) == [FOCAL_POINTS]
    form_fields = set(client.get(change_url).context["adminform"].form.fields)
    assert form_fields == {
        "username",
        "password",
        "first_name",
        "last_name",
        "email",
        "is_active",
        "is_staff",
        "groups",
    }


def test_only_superusers_see_or_change_the_role_groups(admin_client_for, secretariat_user):
    secretariat = admin_client_for(secretariat_user)
    superuser = admin_client_for(StaffFactory(is_superuser=True))

    assert secretariat.get(reverse("admin:auth_group_changelist")).status_code == 403
    assert superuser.get(reverse("admin:auth_group_changelist")).status_code == 200


def test_view_on_site_never_reveals_another_countrys_draft(admin_client_for, focal_point_mx, guatemala):
    from django.contrib.contenttypes.models import ContentType

    kind = ContentType.objects.get_for_model(Initiative).pk
    other = InitiativeFactory(
        title_es="Plan reservado", lead_country=guatemala, state="draft", published_at=None
    )
    own = InitiativeFactory(
        title_es="Plan propio", lead_country=focal_point_mx.country, state="draft", published_at=None
    )
    client = admin_client_for(focal_point_mx.user)

    refused = client.get(reverse("admin:view_on_site", args=[kind, other.pk]))
    shown = client.get(reverse("admin:view_on_site", args=[kind, own.pk]))

    assert refused.status_code == 404
    assert "plan-reservado" not in refused.content.decode() + refused.get("Location", "")
    assert shown.status_code == 302
    assert shown["Location"].endswith(f"/initiatives/{own.pk}-plan-propio/")


def test_focal_point_sees_its_published_record_read_only_in_the_admin(admin_client_for, focal_point_mx):
    published = InitiativeFactory(title_es="Publicada", lead_country=focal_point_mx.country)
    client = admin_client_for(focal_point_mx.user)
    url = reverse("admin:initiatives_initiative_change", args=[published.pk])

    page = client.get(url)
    post = client.post(url, {"title_es": "Cambiada sin revisión"})

    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert post.status_code == 403
    assert Initiative.objects.get(pk=published.pk).title_es == "Publicada"
