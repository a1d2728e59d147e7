"""Factories of cooperation projects and fund movements, and a helper that walks a project to a state."""

from decimal import Decimal

import factory
from django.utils import timezone

from exchanges import project_services as services
from exchanges.models import BudgetLine, Contribution, Indicator, Project
from network.roles import CEAM_SECRETARIAT
from tests.factories import StaffFactory, country


class ProjectFactory(factory.django.DjangoModelFactory):
    """A draft project: Guatemala asks, Mexico gives."""

    class Meta:
        model = Project

    title_es = factory.Sequence(lambda n: f"Ventanilla única de retorno, transferencia número {n}")
    title = factory.SelfAttribute("title_es")
    summary_es = "México comparte su modelo de atención a personas retornadas."
    objectives_es = "Reducir el tiempo de atención a las personas retornadas."
    requesting_country = factory.LazyFunction(lambda: country("GT"))
    providing_country = factory.LazyFunction(lambda: country("MX"))
    state = Project.State.DRAFT


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    project = factory.SubFactory(ProjectFactory)
    category = BudgetLine.Category.TRAVEL
    description = "Dos misiones de expertos"
    requested_from_fund = Decimal("4000.00")
    co_financed = Decimal("1500.00")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    project = factory.SubFactory(ProjectFactory)
    name_es = "Funcionarios capacitados"
    name = factory.SelfAttribute("name_es")
    unit = "personas"
    baseline = Decimal("0")
    target = Decimal("40")


def contribution(code="CA", amount="10000", *, by, received=True) -> Contribution:
    return Contribution.objects.create(
        contributor=country(code),
        amount=Decimal(amount),
        pledged_on=timezone.localdate(),
        received_on=timezone.localdate() if received else None,
        recorded_by=by,
    )


STEPS = [
    Project.State.SUBMITTED,
    Project.State.UNDER_REVIEW,
    Project.State.APPROVED,
    Project.State.IN_EXECUTION,
    Project.State.COMPLETED,
]


def walk_to(project: Project, state: str, *, focal_point_user, ceam_user=None) -> Project:
    """Move a draft through the real services up to `state` (approved, in execution, completed...)."""
    ceam_user = ceam_user or StaffFactory(groups=[CEAM_SECRETARIAT])
    for step in STEPS:
        current = Project.objects.get(pk=project.pk).state
        if current == state:
            break
        if step == Project.State.SUBMITTED:
            services.submit_project(project, by=focal_point_user)
        elif step == Project.State.UNDER_REVIEW:
            services.start_review(project, by=ceam_user)
        elif step == Project.State.APPROVED:
            services.approve_project(project, by=ceam_user, reference="CEAM/RES. 12/26")
        elif step == Project.State.IN_EXECUTION:
            services.start_execution(project, by=focal_point_user)
        elif step == Project.State.COMPLETED:
            services.complete_project(project, by=focal_point_user, results_report="Se adoptó el modelo.")
    project.refresh_from_db()
    return project
