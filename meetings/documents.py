"""The meeting's PDFs, through core.pdf: participant list, name badges, certificates, closing report.

Each is rendered once per language and content version and stored; the version is a digest of what
the document shows, so a change of a delegate or of the meeting renders it again, and nothing else does.
"""

import hashlib
from itertools import groupby

from django.conf import settings
from django.db.models import Count, Max

from core.models import RenderedDocument
from core.pdf import stored_pdf

from .models import Meeting, Registration
from .selectors import budget_table, outcome_records


def content_version(meeting: Meeting, *extra) -> str:
    """A digest of the meeting's and its registrations' last changes."""
    figures = meeting.registrations.aggregate(changed=Max("updated_at"), n=Count("pk"))
    text = "|".join(str(part) for part in (meeting.updated_at, figures["changed"], figures["n"], *extra))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def participants(meeting: Meeting):
    """Approved delegates, grouped by country: (country, [registrations])."""
    approved = meeting.registrations.filter(status=Registration.Status.APPROVED).select_related("country")
    ordered = sorted(approved, key=lambda r: (r.country.name, r.name.casefold()))
    return [(country, list(group)) for country, group in groupby(ordered, key=lambda r: r.country)]


def participant_list_pdf(meeting: Meeting, language: str) -> RenderedDocument:
    return stored_pdf(
        f"meetings.participants:{meeting.pk}", language, content_version(meeting),
        "meetings/pdf/participants.html", lambda: {"meeting": meeting, "groups": participants(meeting)},
        f"participants-{meeting.pk}-{language}.pdf",
    )  # fmt: skip


def badges_pdf(meeting: Meeting, language: str) -> RenderedDocument:
    return stored_pdf(
        f"meetings.badges:{meeting.pk}", language, content_version(meeting),
        "meetings/pdf/badges.html",
        lambda: {"meeting": meeting, "delegates": [r for _c, group in participants(meeting) for r in group]},
        f"badges-{meeting.pk}-{language}.pdf",
    )  # fmt: skip


def certificate_pdf(registration: Registration, language: str) -> RenderedDocument:
    meeting = registration.meeting
    version = content_version(meeting, registration.updated_at)
    return stored_pdf(
        f"meetings.certificate:{registration.pk}", language, version, "meetings/pdf/certificate.html",
        {"meeting": meeting, "registration": registration}, f"certificate-{registration.pk}-{language}.pdf",
    )  # fmt: skip


def closing_report_context(meeting: Meeting) -> dict:
    attended = meeting.registrations.filter(attendance=Registration.Attendance.ATTENDED).select_related(
        "country"
    )
    ordered = sorted(attended, key=lambda r: (r.country.name, r.name.casefold()))
    groups = [(country, list(group)) for country, group in groupby(ordered, key=lambda r: r.country)]
    return {
        "meeting": meeting,
        "groups": groups,
        "attended": len(ordered),
        "countries": len(groups),
        "sessions": list(meeting.sessions.all()),
        "budget": budget_table(meeting),
        "outcome_records": outcome_records(meeting, public_only=False),
        "site_url": settings.SITE_URL,
    }


def outcome_versions(meeting: Meeting) -> list:
    """The records that came out of the meeting and when each last changed (title, state)."""
    return [
        "offers", *meeting.offers.values_list("pk", "updated_at").order_by("pk"),
        "requests", *meeting.requests.values_list("pk", "updated_at").order_by("pk"),
        "projects", *meeting.projects.values_list("pk", "updated_at").order_by("pk"),
    ]  # fmt: skip


def closing_report_pdf(meeting: Meeting, language: str) -> RenderedDocument:
    amounts = meeting.budget_lines.values_list("category", "budget", "actual").order_by("category")
    services = meeting.service_lines.values_list("pk", "unit_cost")
    version = content_version(meeting, *amounts, *services, *outcome_versions(meeting))
    return stored_pdf(
        f"meetings.report:{meeting.pk}", language, version, "meetings/pdf/report.html",
        lambda: closing_report_context(meeting), f"closing-report-{meeting.pk}-{language}.pdf",
    )  # fmt: skip
