"""Demo cooperation projects (one in every workflow state), indicators with measurements, and the
fund's movements, written through the real services so that history, decisions and emails exist."""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from network.models import Country, FocalPoint, Institution

from . import fund_services
from . import project_services as services
from .models import Activity, BudgetLine, CooperationMatch, FollowUpAnswer, Indicator, Project

State = Project.State
REFERENCE_DAY = date(2026, 6, 1)  # fixed, so that the demo reads the same every time

# title (es, en), requesting country, providing country, final state, summary (es, en)
PROJECTS = [
    (("Ventanilla única para personas retornadas", "One-stop shop for returning migrants"), "GT", "MX",
     State.COMPLETED, ("México comparte su modelo de atención integral en los puntos de repatriación.",
                       "Mexico shares its model of integrated care at repatriation points.")),
    (("Registro consular digital", "Digital consular registration"), "CO", "MX", State.IN_EXECUTION,
     ("Transferencia del sistema de registro de connacionales en el exterior.",
      "Transfer of the system that registers nationals abroad.")),
    (("Protocolo de atención a niñas, niños y adolescentes no acompañados",
      "Protocol for unaccompanied migrant children and adolescents"), "GT", "CO", State.APPROVED,
     ("Adaptación del protocolo colombiano de protección de la niñez migrante.",
      "Adapting Colombia's protocol for the protection of migrant children.")),
    (("Certificación de competencias laborales de personas retornadas",
      "Certifying the job skills of returning migrants"), "HT", "MX", State.UNDER_REVIEW,
     ("Reconocer lo aprendido en el exterior para facilitar la reinserción laboral.",
      "Recognising skills learnt abroad to ease the return to work.")),
    (("Estadísticas migratorias interoperables", "Interoperable migration statistics"), "EC", "CO",
     State.SUBMITTED, ("Armonizar los registros de entradas y salidas con la metodología SICREMI.",
                       "Harmonising entry and exit records with the SICREMI methodology.")),
    (("Integración laboral de personas refugiadas", "Labour integration of refugees"), "GT", "CA",
     State.DRAFT, ("Intercambio sobre programas de mentoría y reconocimiento de títulos.",
                   "Exchange on mentoring programmes and the recognition of diplomas.")),
    (("Campaña de información antes de partir", "Pre-departure information campaign"), "CO", "EC",
     "returned", ("Materiales para informar a quienes piensan migrar sobre vías regulares.",
                  "Materials that tell people thinking of migrating about regular pathways.")),
    (("Prevención de la trata en zonas fronterizas", "Preventing trafficking in border areas"), "MX", "GT",
     State.REJECTED, ("Capacitación conjunta de autoridades locales en la frontera sur.",
                      "Joint training of local authorities on the southern border.")),
    (("Regularización migratoria: intercambio de prácticas",
      "Migration regularisation: exchange of practices"), "CO", "BR", State.CANCELLED,
     ("Visitas de estudio sobre procesos de regularización masiva.",
      "Study visits on large-scale regularisation processes.")),
]  # fmt: skip
CONTRIBUTIONS = [("US", "80000", True), ("CA", "50000", True), ("MX", "10000", True), ("ES", "20000", True),
                 ("FR", "15000", False)]  # fmt: skip


def load_demo_projects() -> int:
    """Create the demo projects and fund movements unless present; returns the number of projects added."""
    if Project.objects.filter(title_es=PROJECTS[0][0][0]).exists():
        return 0
    users = demo_users()
    if users is None:  # the network's demo accounts are missing: nothing to act with
        return 0
    with transaction.atomic():
        projects = [demo_project(index, row, users) for index, row in enumerate(PROJECTS)]
        demo_fund(projects, users)
        from_agreed_pair(users)
    return len(projects)


def demo_users() -> dict | None:
    User = get_user_model()
    found = {u.username: u for u in User.objects.filter(username__in=["secretariat", "ceam"])}
    focal_points = {fp.country.code: fp.user for fp in FocalPoint.objects.select_related("country", "user")}
    if len(found) < 2 or not {"MX", "GT", "CO"} <= set(focal_points):
        return None
    return {**found, "focal": focal_points}


def acting_focal_point(project: Project, users: dict):
    focal = users["focal"]
    return focal.get(project.requesting_country.code) or focal.get(project.providing_country.code)


def demo_project(index: int, row, users) -> Project:
    (title_es, title_en), asking, giving, state, (summary_es, summary_en) = row
    requesting, providing = Country.objects.get(code=asking), Country.objects.get(code=giving)
    start = REFERENCE_DAY - timedelta(days=420 - 40 * index)
    project = Project(
        title_es=title_es, title_en=title_en, summary_es=summary_es, summary_en=summary_en,
        objectives_es="Fortalecer las capacidades institucionales mediante la transferencia de una práctica.",
        objectives_en="Strengthen institutional capacities by transferring a practice.",
        expected_results_es="Un procedimiento adoptado y funcionarios capacitados.",
        expected_results_en="An adopted procedure and trained officials.",
        requesting_country=requesting, providing_country=providing,
        requesting_institution=Institution.objects.filter(country=requesting).first(),
        providing_institution=Institution.objects.filter(country=providing).first(),
        start_date=start, end_date=start + timedelta(days=240),
    )  # fmt: skip
    focal_user = acting_focal_point(project, users)
    services.save_project(project, by=focal_user)
    add_plan(project, start)
    walk(project, state, focal_user, users["ceam"], index)
    return project


def add_plan(project: Project, start: date) -> None:
    BudgetLine.objects.bulk_create(
        [
            BudgetLine(project=project, category=BudgetLine.Category.TRAVEL,
                       description="Dos misiones de expertos (pasajes y viáticos)",
                       requested_from_fund=Decimal("6000"), co_financed=Decimal("1500")),
            BudgetLine(project=project, category=BudgetLine.Category.KNOWLEDGE_TRANSFER,
                       description="Taller de transferencia", requested_from_fund=Decimal("3500"),
                       co_financed=Decimal("2000")),
            BudgetLine(project=project, category=BudgetLine.Category.INFORMATION_GATHERING,
                       description="Diagnóstico inicial", requested_from_fund=Decimal("1500"),
                       co_financed=Decimal("0")),
        ]
    )  # fmt: skip
    Activity.objects.bulk_create(
        [
            Activity(project=project, title="Diagnóstico", starts_on=start,
                     ends_on=start + timedelta(days=30)),
            Activity(project=project, title="Misión de expertos", starts_on=start + timedelta(days=60),
                     ends_on=start + timedelta(days=65)),
            Activity(project=project, title="Taller y plan de adopción",
                     starts_on=start + timedelta(days=120),
                     ends_on=start + timedelta(days=122)),
        ]
    )  # fmt: skip
    Indicator.objects.bulk_create(
        [
            Indicator(project=project, name_es="Funcionarios capacitados", name_en="Officials trained",
                      unit="personas", baseline=Decimal("0"), target=Decimal("40")),
            Indicator(project=project, name_es="Tiempo medio de atención", name_en="Average time to serve",
                      unit="días", baseline=Decimal("15"), target=Decimal("3")),
        ]
    )  # fmt: skip


def walk(project: Project, state: str, focal_user, ceam_user, index: int) -> None:
    """Move the project with the real services to its demo state."""
    decided_on = REFERENCE_DAY - timedelta(days=300 - 30 * index)
    reference = f"CP/CEAM/RES. {10 + index}/26"
    if state == State.DRAFT:
        return
    services.submit_project(project, by=focal_user)
    if state == State.SUBMITTED:
        return
    services.start_review(project, by=ceam_user)
    if state == "returned":
        services.return_project(project, by=ceam_user, note="Precisen los indicadores y el cronograma.")
    elif state == State.REJECTED:
        services.reject_project(
            project, by=ceam_user, reference=reference, decided_on=decided_on,
            note="Ya lo cubre un programa regional en curso.",
        )  # fmt: skip
    elif state != State.UNDER_REVIEW:
        services.approve_project(project, by=ceam_user, reference=reference, decided_on=decided_on)
        carry_out(project, state, focal_user, ceam_user)


def carry_out(project: Project, state: str, focal_user, ceam_user) -> None:
    if state == State.CANCELLED:
        services.cancel_project(project, by=ceam_user, note="El país solicitante pidió aplazarlo.")
        return
    if state == State.APPROVED:
        return
    services.start_execution(project, by=focal_user)
    measure(project, focal_user, completed=state == State.COMPLETED)
    services.add_progress_report(
        project, by=focal_user, period_end=REFERENCE_DAY - timedelta(days=90),
        text="Se realizó el diagnóstico y la primera misión de expertos. El taller está programado.",
    )  # fmt: skip
    if state == State.COMPLETED:
        services.complete_project(
            project, by=focal_user, language="es",
            results_report="El procedimiento fue adoptado por decreto; 38 funcionarios capacitados.",
        )  # fmt: skip
        Project.objects.filter(pk=project.pk).update(completed_on=REFERENCE_DAY - timedelta(days=200))
        FollowUpAnswer.objects.create(
            project=project, months=6, country=project.requesting_country, adopted="yes",
            what_changed="La atención pasó de quince días a cuatro.",
            answered_by="focal-gt@ricomi.example.org",
        )  # fmt: skip


def measure(project: Project, focal_user, *, completed: bool) -> None:
    trained, days = project.indicators.order_by("pk")
    series = [(trained, [8, 21, 38 if completed else 26]), (days, [12, 7, 4 if completed else 6])]
    for indicator, values in series:
        for step, value in enumerate(values):
            services.add_measurement(
                indicator, by=focal_user, measured_on=REFERENCE_DAY - timedelta(days=180 - 60 * step),
                value=Decimal(value), source="Registros administrativos de la institución",
            )  # fmt: skip


def demo_fund(projects: list[Project], users: dict) -> None:
    treasurer = users["secretariat"]
    for code, amount, received in CONTRIBUTIONS:
        fund_services.record_contribution(
            contributor=Country.objects.get(code=code), amount=Decimal(amount), by=treasurer,
            pledged_on=date(2025, 3, 1), received_on=date(2025, 9, 1) if received else None,
        )  # fmt: skip
    for project, amount, paid in [(projects[1], "11000", "6000"), (projects[2], "9500", "")]:
        allocation = fund_services.allocate_to_project(
            project, amount=amount, by=treasurer, note="Resolución CEAM"
        )
        if paid:
            fund_services.disburse(allocation, amount=paid, by=treasurer, note="Primer desembolso")


def from_agreed_pair(users: dict) -> None:
    """One draft started from an agreed offer-request pair, when the offers' demo made one."""
    match = CooperationMatch.objects.filter(
        status=CooperationMatch.Status.AGREED, project__isnull=True
    ).first()
    if match is None:
        return
    focal_user = users["focal"].get(match.request.country.code) or users["focal"].get(
        match.offer.country.code
    )
    if focal_user is not None:
        services.project_from_match(match, by=focal_user)
