from network.models import Institution
from tests.factories import InstitutionFactory


def test_focal_point_cannot_open_another_countrys_institution_in_the_admin(focal_point_mx, admin_client_for):
    other = InstitutionFactory(country=focal_point_mx.country.__class__.objects.get(code="GT"))
    client = admin_client_for(focal_point_mx.user)

    response = client.get(f"/admin/network/institution/{other.pk}/change/")

    assert response.status_code == 403


def test_focal_point_cannot_change_another_countrys_institution_by_post_in_the_admin(
    focal_point_mx, focal_point_gt, admin_client_for
):
    target = focal_point_gt.institution
    client = admin_client_for(focal_point_mx.user)

    response = client.post(
        f"/admin/network/institution/{target.pk}/change/",
        {"country": target.country_id, "name": "Hijacked", "kind": "other"},
    )

    assert response.status_code == 403
    assert Institution.objects.get(pk=target.pk).name == target.name


def test_focal_point_sees_only_its_own_countrys_institutions_in_the_admin_list(
    focal_point_mx, focal_point_gt, admin_client_for
):
    client = admin_client_for(focal_point_mx.user)

    response = client.get("/admin/network/institution/")

    assert list(response.context["cl"].queryset) == [focal_point_mx.institution]


def test_focal_point_edits_its_own_countrys_institution_in_the_admin(focal_point_mx, admin_client_for):
    institution = focal_point_mx.institution
    client = admin_client_for(focal_point_mx.user)

    response = client.post(
        f"/admin/network/institution/{institution.pk}/change/",
        {"country": institution.country_id, "name": "Instituto renovado", "kind": "migration_authority"},
    )

    assert response.status_code == 302
    assert Institution.objects.get(pk=institution.pk).name == "Instituto renovado"


def test_focal_point_cannot_move_an_institution_to_another_country_in_the_admin(
    focal_point_mx, guatemala, admin_client_for
):
    institution = focal_point_mx.institution
    client = admin_client_for(focal_point_mx.user)

    response = client.post(
        f"/admin/network/institution/{institution.pk}/change/",
        {"country": guatemala.pk, "name": "Moved", "kind": "other"},
    )

    assert response.status_code == 200
    assert "country" in response.context["adminform"].form.errors
    assert Institution.objects.get(pk=institution.pk).country == focal_point_mx.country


def test_secretariat_opens_any_countrys_institution_in_the_admin(
    secretariat_user, focal_point_gt, admin_client_for
):
    client = admin_client_for(secretariat_user)

    response = client.get(f"/admin/network/institution/{focal_point_gt.institution.pk}/change/")

    assert response.status_code == 200


def test_focal_point_is_refused_on_another_countrys_institution_on_the_site(
    client, focal_point_mx, focal_point_gt
):
    client.force_login(focal_point_mx.user)
    url = f"/es/institutions/{focal_point_gt.institution.pk}/edit/"

    get_response = client.get(url)
    post_response = client.post(url, {"name": "Hijacked", "kind": "other"})

    assert get_response.status_code == 404
    assert post_response.status_code == 404
    assert Institution.objects.get(pk=focal_point_gt.institution.pk).name != "Hijacked"


def test_focal_point_updates_its_own_institution_on_the_site(client, focal_point_mx):
    client.force_login(focal_point_mx.user)
    institution = focal_point_mx.institution

    response = client.post(
        f"/es/institutions/{institution.pk}/edit/",
        {"name": "Instituto Nacional de Migración", "acronym": "INM", "kind": "migration_authority"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/es/countries/mx/"
    institution.refresh_from_db()
    assert (institution.name, institution.acronym) == ("Instituto Nacional de Migración", "INM")


def test_site_institution_form_reports_bad_input_and_saves_nothing(client, focal_point_mx):
    client.force_login(focal_point_mx.user)
    institution = focal_point_mx.institution

    response = client.post(
        f"/es/institutions/{institution.pk}/edit/", {"name": "", "kind": "nonsense", "website": "not a url"}
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"name", "kind", "website"}
    assert Institution.objects.get(pk=institution.pk).name == institution.name


def test_anonymous_visitor_is_sent_to_log_in_before_editing(client, focal_point_mx):
    response = client.get(f"/es/institutions/{focal_point_mx.institution.pk}/edit/")

    assert response.status_code == 302
    assert response["Location"].startswith("/es/accounts/login/")


def test_ceam_secretariat_reaches_every_country_but_writes_on_none(
    ceam_user, secretariat_user, focal_point_mx
):
    from initiatives.models import Initiative
    from network.scoping import may_act_on_country, may_write, scope_to_user
    from tests.factories import InitiativeFactory, country

    guatemala = country("GT").pk
    draft = InitiativeFactory(lead_country=country("GT"), state="draft", published_at=None)
    change = "initiatives.change_initiative"
    writable = {
        user: list(
            scope_to_user(Initiative.objects.all(), user, country_field="lead_country", permission=change)
        )
        for user in (ceam_user, secretariat_user, focal_point_mx.user)
    }

    assert may_act_on_country(ceam_user, guatemala) is True
    assert may_write(ceam_user, guatemala, change) is False
    assert may_write(secretariat_user, guatemala, change) is True
    assert may_write(focal_point_mx.user, guatemala, change) is False
    assert writable == {ceam_user: [], secretariat_user: [draft], focal_point_mx.user: []}
