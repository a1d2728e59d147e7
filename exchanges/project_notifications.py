"""Emails about cooperation projects, queued in the outbox in each recipient's language."""

from datetime import date

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse

from core.outbox import Recipient, queue_emails
from initiatives.notifications import country_recipients

from .models import CeamDecision, Project

FOLLOWUP_SALT = "exchanges.project-followup"


def project_recipients(project: Project) -> list[Recipient]:
    """The active focal points of both countries of the project."""
    recipients = {}
    for country_id in project.country_ids:
        recipients.update({r.address: r for r in country_recipients(country_id)})
    return sorted(recipients.values(), key=lambda recipient: recipient.address)


def queue_decision_notice(decision: CeamDecision) -> int:
    """Queue the email announcing a CEAM decision to both countries' focal points (once per decision)."""
    notice = f"exchanges.ceamdecision:{decision.pk}"
    return queue_emails(
        project_recipients(decision.project),
        template="exchanges/email/project_decision",
        context={"decision": decision, "project": decision.project},
        about=f"exchanges.project:{decision.project_id}",
        key=notice,
    )


# --- follow-up questionnaires -------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has fewer days."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)


def followup_token(project: Project, months: int, country_id: int) -> str:
    return signing.dumps({"p": project.pk, "m": months, "c": country_id}, salt=FOLLOWUP_SALT)


def read_followup_token(token: str) -> dict:
    """The project, months and country a link was made for; signing.BadSignature if forged or expired."""
    max_age = settings.PROJECT_FOLLOWUP_LINK_DAYS * 24 * 3600
    data = signing.loads(token, salt=FOLLOWUP_SALT, max_age=max_age)
    if not isinstance(data, dict) or set(data) != {"p", "m", "c"}:
        raise signing.BadSignature("unexpected content")
    return data


def followup_recipients(project: Project, months: int) -> list[Recipient]:
    """Each side's focal points, each with the link to answer for their own country."""
    recipients = []
    for country_id in project.country_ids:
        path = reverse("exchanges:project_followup", args=[followup_token(project, months, country_id)])
        link = f"{settings.SITE_URL}{path}"
        recipients += [
            Recipient(r.address, r.language, context={"link": link}) for r in country_recipients(country_id)
        ]
    return recipients


def queue_due_followups(today: date) -> int:
    """Queue the 6- and 12-month questionnaires that are due; each project and period at most once.

    The project is locked and marked in the transaction that queues the emails, and the outbox key
    names the project and period, so a re-run (or a second beat) queues nothing twice.
    Returns the number of questionnaires queued.
    """
    queued = 0
    for months in settings.PROJECT_FOLLOWUP_MONTHS:
        due = Project.objects.filter(state=Project.State.COMPLETED, completed_on__isnull=False)
        for project_id, completed_on in due.values_list("pk", "completed_on"):
            if add_months(completed_on, months) <= today:
                queued += queue_followup(project_id, months)
    return queued


def queue_followup(project_id: int, months: int) -> int:
    with transaction.atomic():
        project = Project.objects.select_for_update(skip_locked=True).filter(pk=project_id).first()
        if project is None or months in project.followups_sent:
            return 0
        queue_emails(
            followup_recipients(project, months),
            template="exchanges/email/project_followup",
            context={"project": project, "months": months},
            about=f"exchanges.project:{project.pk}",
            key=f"exchanges.followup:{project.pk}:{months}",
        )
        project.followups_sent = sorted([*project.followups_sent, months])
        project.save(update_fields=["followups_sent"])
    return 1
