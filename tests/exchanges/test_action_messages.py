"""What the user is told after an action on an offer, a request, a pair, a project or a contribution:
the record by name and its new state, never a bare "Done."."""

import pytest
from django.urls import reverse
from django.utils import translation

from exchanges.models import Contribution, CooperationMatch, CooperationOffer, CooperationRequest, Project
from network.roles import TECHNICAL_SECRETARIAT
from tests.factories import StaffFactory, country

from .offer_factories import OfferFactory, RequestFactory
from .project_factories import ProjectFactory, contribution, walk_to
from .test_offers import form_data

pytestmark = pytest.mark.django_db
State = CooperationOffer.State

# Offers are Mexico's and requests Guatemala's in the factories: each is written by that focal point.
FACTORIES = {"offer": OfferFactory, "request": RequestFactory}
WRITERS = {"offer": "focal_point_mx", "request": "focal_point_gt"}
MODELS = {"offer": CooperationOffer, "request": CooperationRequest}


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def said(response) -> list[str]:
    """The messages shown on the page the action led to."""
    assert response.redirect_chain, "the action answers with a redirect"
    return [str(m) for m in response.context["messages"]]


def act_on(client, kind, record, action, **data):
    return client.post(reverse(f"exchanges:{kind}_action", args=[record.pk, action]), data, follow=True)


@pytest.mark.parametrize("kind", ["offer", "request"])
def test_submitting_names_the_record_and_who_reviews_it(client, request, kind):
    record = FACTORIES[kind](title_es="Registro civil en el exterior", state=State.DRAFT)
    client.force_login(request.getfixturevalue(WRITERS[kind]).user)

    response = act_on(client, kind, record, "submit")

    assert said(response) == [
        f"The {kind} “Registro civil en el exterior” was submitted to the technical secretariat."
    ]
    record.refresh_from_db()
    assert record.state == State.SUBMITTED


@pytest.mark.parametrize("kind", ["offer", "request"])
def test_publishing_names_the_record(client, secretariat_user, kind):
    record = FACTORIES[kind](title_es="Protección consular", state=State.SUBMITTED)
    client.force_login(secretariat_user)

    response = act_on(client, kind, record, "publish")

    assert said(response) == [f"The {kind} “Protección consular” was published."]
    record.refresh_from_db()
    assert record.state == State.PUBLISHED


@pytest.mark.parametrize("kind", ["offer", "request"])
def test_returning_says_the_record_went_back_with_the_note(client, secretariat_user, kind):
    record = FACTORIES[kind](title_es="Datos de remesas", state=State.SUBMITTED)
    client.force_login(secretariat_user)

    response = act_on(client, kind, record, "return", note="Add the dates.")

    assert said(response) == [f"The {kind} “Datos de remesas” was returned to its country with your note."]
    record.refresh_from_db()
    assert (record.state, record.moderation_note) == (State.RETURNED, "Add the dates.")


def test_a_refused_action_says_so_and_nothing_else(client, focal_point_mx):
    offer = OfferFactory(title_es="Oferta por moderar", state=State.SUBMITTED)
    client.force_login(focal_point_mx.user)

    refused = act_on(client, "offer", offer, "publish")
    illegal = act_on(client, "offer", offer, "submit")

    assert said(refused) == ["You are not allowed to do this."]
    assert said(illegal) == [
        "This record cannot go from “Submitted for moderation” to “Submitted for moderation”."
    ]


def test_a_return_without_a_note_says_a_note_is_needed(client, secretariat_user):
    offer = OfferFactory(state=State.SUBMITTED)
    client.force_login(secretariat_user)

    response = act_on(client, "offer", offer, "return", note="  ")

    assert said(response) == ["Say what must change: a note is required to return a record."]


def test_an_unknown_action_is_not_found(client, secretariat_user):
    offer = OfferFactory(state=State.SUBMITTED)
    client.force_login(secretariat_user)

    assert client.post(reverse("exchanges:offer_action", args=[offer.pk, "archive"])).status_code == 404


@pytest.mark.parametrize(
    ("language", "kind", "expected"),
    [
        ("es", "offer", "La oferta “Protección consular” fue publicada."),
        ("es", "request", "La solicitud “Protección consular” fue publicada."),
        ("fr", "offer", "L'offre «\u00a0Protección consular\u00a0» a été publiée."),
        ("fr", "request", "La demande «\u00a0Protección consular\u00a0» a été publiée."),
        ("pt", "offer", "A oferta “Protección consular” foi publicada."),
        ("pt", "request", "A solicitação “Protección consular” foi publicada."),
    ],
)
def test_the_message_is_in_the_pages_language(client, secretariat_user, language, kind, expected):
    record = FACTORIES[kind](title_es="Protección consular", state=State.SUBMITTED)
    client.force_login(secretariat_user)

    with translation.override(language):
        response = act_on(client, kind, record, "publish")

    assert said(response) == [expected]


@pytest.mark.parametrize("kind", ["offer", "request"])
@pytest.mark.parametrize(
    ("submit", "expected"),
    [
        (False, "The {kind} “Ventanilla única” was saved."),
        (True, "The {kind} “Ventanilla única” was saved and submitted to the technical secretariat."),
    ],
)
def test_saving_a_record_names_it_and_says_whether_it_was_submitted(
    client, focal_point_mx, kind, submit, expected
):
    client.force_login(focal_point_mx.user)
    data = form_data(title_es="Ventanilla única", **({"submit": "1"} if submit else {}))

    response = client.post(reverse(f"exchanges:{kind}_create"), data, follow=True)

    assert said(response) == [expected.format(kind=kind)]
    record = MODELS[kind].objects.get()
    assert record.state == (State.SUBMITTED if submit else State.DRAFT)


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("contacted", "in contact"),
        ("agreed", "agreed"),
        ("declined", "declined"),
    ],
)
def test_moving_a_pair_names_the_offer_and_the_request(client, focal_point_gt, status, expected):
    offer = OfferFactory(title_es="Formación consular", country=country("MX"))
    asked = RequestFactory(title_es="Capacitar cónsules", country=country("GT"))
    match = CooperationMatch.objects.create(offer=offer, request=asked, score=70, reasons=[])
    client.force_login(focal_point_gt.user)

    response = client.post(
        reverse("exchanges:match_status", args=[match.pk]), {"status": status}, follow=True
    )

    assert said(response) == [
        f"The offer “Formación consular” and the request “Capacitar cónsules” are now marked as {expected}."
    ]
    match.refresh_from_db()
    assert match.status == status


# --- projects ------------------------------------------------------------------------------------------


def project_action(client, project, action, **data):
    return client.post(reverse("exchanges:project_action", args=[project.pk, action]), data, follow=True)


def test_submitting_a_project_says_it_went_to_the_ceam(client, focal_point_gt):
    project = ProjectFactory(title_es="Ventanilla de retorno")
    client.force_login(focal_point_gt.user)

    response = project_action(client, project, "submit")

    assert said(response) == ["The project “Ventanilla de retorno” was submitted to the CEAM."]
    assert Project.objects.get(pk=project.pk).state == Project.State.SUBMITTED


def test_starting_a_project_says_it_is_in_execution(client, focal_point_gt, ceam_user):
    project = walk_to(
        ProjectFactory(title_es="Ventanilla de retorno"),
        Project.State.APPROVED,
        focal_point_user=focal_point_gt.user,
        ceam_user=ceam_user,
    )
    client.force_login(focal_point_gt.user)

    response = project_action(client, project, "start")

    assert said(response) == ["The project “Ventanilla de retorno” is now in execution."]
    assert Project.objects.get(pk=project.pk).state == Project.State.IN_EXECUTION


def test_completing_a_project_says_its_report_was_saved(client, focal_point_gt, ceam_user):
    project = walk_to(
        ProjectFactory(title_es="Ventanilla de retorno"),
        Project.State.IN_EXECUTION,
        focal_point_user=focal_point_gt.user,
        ceam_user=ceam_user,
    )
    client.force_login(focal_point_gt.user)

    empty = project_action(client, project, "complete", results_report="")
    response = project_action(client, project, "complete", results_report="The model was adopted.")

    assert said(empty) == ["Write the results report before completing the project."]
    assert said(response) == [
        "The project “Ventanilla de retorno” was completed and its results report saved."
    ]
    assert Project.objects.get(pk=project.pk).state == Project.State.COMPLETED


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("es", "El proyecto “Ventanilla de retorno” fue presentado a la CEAM."),
        ("fr", "Le projet «\u00a0Ventanilla de retorno\u00a0» a été soumis à la CEAM."),
        ("pt", "O projeto “Ventanilla de retorno” foi enviado à CEAM."),
    ],
)
def test_a_project_message_agrees_with_the_masculine_in_each_language(
    client, focal_point_gt, language, expected
):
    project = ProjectFactory(title_es="Ventanilla de retorno")
    client.force_login(focal_point_gt.user)

    with translation.override(language):
        response = project_action(client, project, "submit")

    assert said(response) == [expected]


# --- the fund's admin ------------------------------------------------------------------------------------


@pytest.fixture
def treasurer(db):
    return StaffFactory(groups=[TECHNICAL_SECRETARIAT])


def mark_received(client, contributions):
    return client.post(
        reverse("admin:exchanges_contribution_changelist"),
        {"action": "mark_received", "_selected_action": [c.pk for c in contributions]},
        follow=True,
    )


@pytest.mark.usefixtures("english_by_default")
def test_marking_one_contribution_received_names_it(admin_client_for, treasurer):
    pledge = contribution("CA", "2500", by=treasurer, received=False)

    response = mark_received(admin_client_for(treasurer), [pledge])

    assert said(response) == ["The contribution of Canada (2500.00 USD) was marked as received today."]
    assert Contribution.objects.get(pk=pledge.pk).received_on is not None


@pytest.mark.usefixtures("english_by_default")
def test_marking_several_contributions_counts_them_and_skips_those_received(admin_client_for, treasurer):
    pledges = [contribution(code, "1000", by=treasurer, received=False) for code in ("CA", "MX")]
    received = contribution("US", "500", by=treasurer)
    client = admin_client_for(treasurer)

    response = mark_received(client, [*pledges, received])
    again = mark_received(client, pledges)

    assert said(response) == ["2 contributions were marked as received today."]
    assert said(again) == ["Nothing was marked: the chosen contributions had already been received."]


# --- batch actions of the admin: counted, in the words of the new state ------------------------------


@pytest.mark.usefixtures("english_by_default")
@pytest.mark.parametrize("kind", ["offer", "request"])
def test_publishing_from_the_admin_counts_the_offers_or_requests(admin_client_for, secretariat_user, kind):
    records = [FACTORIES[kind](state=State.SUBMITTED, published_at=None) for _ in range(2)]
    url = reverse(f"admin:exchanges_cooperation{kind}_changelist")

    response = admin_client_for(secretariat_user).post(
        url, {"action": "publish", "_selected_action": [r.pk for r in records], "index": "0"}, follow=True
    )

    assert said(response) == [f"2 {kind}s were published."]


@pytest.mark.usefixtures("english_by_default")
def test_a_ceam_decision_in_the_admin_says_what_was_decided(admin_client_for, focal_point_gt, ceam_user):
    project = walk_to(
        ProjectFactory(),
        Project.State.UNDER_REVIEW,
        focal_point_user=focal_point_gt.user,
        ceam_user=ceam_user,
    )
    decision = {
        "action": "approve",
        "_selected_action": [project.pk],
        "confirm": "yes",
        "reference": "CEAM/RES. 31/26",
        "decided_on": "2026-11-20",
        "note": "",
    }

    response = admin_client_for(ceam_user).post(
        reverse("admin:exchanges_project_changelist"), decision, follow=True
    )

    assert said(response) == ["1 project was approved."]


@pytest.mark.usefixtures("english_by_default")
def test_submitting_projects_from_the_admin_says_they_went_to_the_ceam(admin_client_for, focal_point_gt):
    projects = [ProjectFactory() for _ in range(3)]

    response = admin_client_for(focal_point_gt.user).post(
        reverse("admin:exchanges_project_changelist"),
        {"action": "submit", "_selected_action": [p.pk for p in projects]},
        follow=True,
    )

    assert said(response) == ["3 projects were submitted to the CEAM."]
