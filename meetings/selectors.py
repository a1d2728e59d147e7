"""Reads of meetings that pages share: lists, the agenda per day, who may see delegates, the budget."""

from collections import defaultdict
from decimal import Decimal
from itertools import groupby

from django.db.models import Count, Q

from network.scoping import scope_to_user

from . import costs
from .models import BudgetLine, Meeting, MeetingDocument, PerDiemRate, Registration
from .models.costs import Category
from .services import VIEW_PERMISSION, may_run_meetings


def meetings_for_list(today=None) -> dict:
    meetings = Meeting.objects.select_related("country")
    return {"upcoming": list(meetings.upcoming(today)), "past": list(meetings.past(today))}


def outcome_records(meeting: Meeting, public_only: bool = True) -> dict[str, list]:
    """The offers, requests and projects that came out of the meeting, with their countries; only those
    every visitor may see (published offers and requests, public projects) unless `public_only` is off."""
    offers = meeting.offers.select_related("country").order_by("title", "pk")
    requests = meeting.requests.select_related("country").order_by("title", "pk")
    projects = meeting.projects.select_related("requesting_country", "providing_country")
    projects = projects.order_by("title", "pk")
    if public_only:
        offers, requests, projects = offers.published(), requests.published(), projects.public()
    return {"offers": list(offers), "requests": list(requests), "projects": list(projects)}


def agenda_by_day(meeting: Meeting) -> list[tuple]:
    """(day, sessions of that day) in order, documents of each session prefetched."""
    sessions = meeting.sessions.prefetch_related("documents").order_by("day", "starts_at", "room")
    return [(day, list(items)) for day, items in groupby(sessions, key=lambda s: s.day)]


def visible_documents(meeting: Meeting, user) -> list[MeetingDocument]:
    """Documents and minutes: everyone once published, the secretariat always."""
    if not (meeting.minutes_published or may_run_meetings(user)):
        return []
    return list(meeting.documents.order_by("kind", "language", "title"))


def registrations_visible_to(user, meeting: Meeting):
    """Delegates the user may see: all for the secretariat, their own country's for a focal point."""
    queryset = meeting.registrations.select_related("country")
    return scope_to_user(queryset, user, permission=VIEW_PERMISSION).order_by("country__code", "created_at")


def seat_summary(meeting: Meeting) -> dict:
    return meeting.registrations.aggregate(
        seated=Count("pk", filter=Q(status__in=Registration.SEATED)),
        waiting=Count("pk", filter=Q(status=Registration.Status.WAITING)),
        funded=Count("pk", filter=Q(status=Registration.Status.APPROVED, funded=True)),
    ) | {"seats": meeting.seats}


def funded_stays(meeting: Meeting) -> list[costs.FundedStay]:
    return [
        costs.FundedStay(arrival, departure, ticket)
        for arrival, departure, ticket in meeting.registrations.funded().values_list(
            "arrival_on", "departure_on", "ticket_cost"
        )
    ]


def committed_by_category(meeting: Meeting) -> dict[str, Decimal]:
    """Travel and per diem of approved, funded delegates; every conference service line."""
    stays = funded_stays(meeting)
    committed = defaultdict(Decimal)
    committed[Category.TRAVEL] = costs.committed_travel(stays, meeting.travel_allowance)
    committed[Category.PER_DIEM] = costs.committed_per_diem(stays, PerDiemRate.for_meeting(meeting))
    for line in meeting.service_lines.all():
        committed[line.category] += line.cost
    return committed


def budget_table(meeting: Meeting) -> costs.BudgetTable:
    """The budget page's table: every category with a budget, a commitment or an actual cost."""
    lines = {line.category: line for line in BudgetLine.objects.filter(meeting=meeting)}
    committed = committed_by_category(meeting)
    rows = []
    for category in Category:
        line = lines.get(category)
        if line is None and not committed.get(category):
            continue
        rows.append(
            costs.BudgetRow(
                category=category.value,
                label=str(category.label),
                budget=costs.money(line.budget if line else 0),
                committed=costs.money(committed.get(category, 0)),
                actual=line.actual if line else None,
            )
        )
    return costs.BudgetTable(rows)


def meetings_attended_by(country) -> list[Meeting]:
    """Meetings at which at least one delegate of the country attended, latest first."""
    return list(
        Meeting.objects.filter(
            registrations__country=country, registrations__attendance=Registration.Attendance.ATTENDED
        )
        .distinct()
        .order_by("-starts_on")
    )


def meetings_held_in(year: int, today=None) -> list[Meeting]:
    """Meetings of `year` that took place (over by `today`, not cancelled), in date order, each with
    `participants` and `countries`: those who attended, or the approved delegates when attendance
    was not recorded."""
    meetings = list(
        Meeting.objects.past(today)
        .filter(starts_on__year=year)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("country")
        .prefetch_related("registrations__country")
        .order_by("starts_on", "pk")
    )
    for meeting in meetings:
        registrations = list(meeting.registrations.all())
        attended = [r for r in registrations if r.attendance == Registration.Attendance.ATTENDED]
        present = attended or [r for r in registrations if r.status == Registration.Status.APPROVED]
        meeting.participants = len(present)
        meeting.countries = sorted({r.country.name for r in present})
    return meetings


def upcoming_meetings(after, limit: int = 5) -> list[Meeting]:
    """The next meetings not cancelled that end on or after the day `after`."""
    upcoming = Meeting.objects.upcoming(after).exclude(status=Meeting.Status.CANCELLED)
    return list(upcoming.select_related("country")[:limit])
