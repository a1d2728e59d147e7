"""Every change to meetings: registrations and the waiting list, approval and funding, travel details,
attendance, the agenda and the budget. The admin, the site's forms and Celery call these functions.

Seats are counted under a lock on the meeting's row (`select_for_update`), so two registrations
sent at the same moment cannot both take the last seat, and a freed seat goes to exactly one
delegate of the waiting list.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.outbox import Recipient, queue_emails
from network.scoping import acts_for_all_countries, ensure_may_write

from .models import BudgetLine, Meeting, Registration, Session
from .models.costs import Category

Status = Registration.Status
RUN_PERMISSION = "meetings.run_meeting"
ADD_PERMISSION = "meetings.add_registration"
CHANGE_PERMISSION = "meetings.change_registration"
VIEW_PERMISSION = "meetings.view_registration"
DELEGATE_SALT = "meetings.delegate"
REGISTRATION_FIELDS = [
    "name", "position", "institution", "email", "language", "arrival_on", "departure_on",
    "dietary_needs", "accessibility_needs",
]  # fmt: skip


def may_run_meetings(user) -> bool:
    return user.is_active and user.has_perm(RUN_PERMISSION) and acts_for_all_countries(user)


def ensure_may_run_meetings(user) -> None:
    if not may_run_meetings(user):
        raise PermissionDenied


def locked_meeting(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


# --- registration and the waiting list ----------------------------------------------------------


@transaction.atomic
def register_delegate(meeting: Meeting, *, country, by, data: dict) -> Registration:
    """Register a delegate of `country`: a seat if one is free, else the waiting list; emails the delegate."""
    ensure_may_write(by, country.pk, ADD_PERMISSION)
    meeting = locked_meeting(meeting)
    if not meeting.registration_open and not may_run_meetings(by):
        raise ValidationError(_("Registration for this meeting is not open."))
    registration = Registration(meeting=meeting, country=country, registered_by=by, **data)
    registration.full_clean(exclude=["meeting", "country"], validate_constraints=False)
    if (
        meeting.registrations.exclude(status__in=[Status.DECLINED, Status.WITHDRAWN])
        .filter(email__iexact=registration.email)
        .exists()
    ):
        raise ValidationError(
            {"email": _("A delegate with this email is already registered to this meeting.")}
        )
    seats_taken = meeting.registrations.holding_seats().count()
    registration.status = Status.PENDING if seats_taken < meeting.seats else Status.WAITING
    registration.save()
    queue_delegate_email(registration, "registered" if registration.holds_seat else "waiting")
    return registration


def free_seats(meeting: Meeting) -> int:
    return max(meeting.seats - meeting.registrations.holding_seats().count(), 0)


def promote_from_waiting_list(meeting: Meeting) -> list[Registration]:
    """Give each free seat to the first delegate on the waiting list and email them; call under the lock."""
    promoted = []
    for registration in list(meeting.registrations.waiting()[: free_seats(meeting)]):
        registration.status = Status.PENDING
        registration.save(update_fields=["status", "updated_at"])
        queue_delegate_email(registration, "promoted")
        promoted.append(registration)
    return promoted


@transaction.atomic
def withdraw_registration(registration: Registration, *, by) -> Registration:
    """The delegate no longer comes (said by their focal point or the secretariat); the seat is passed on."""
    ensure_may_write(by, registration.country_id, CHANGE_PERMISSION)
    return _leave(registration, Status.WITHDRAWN, by=by)


@transaction.atomic
def decline_registration(registration: Registration, *, by) -> Registration:
    """The secretariat declines a registration and tells the delegate; the seat goes to the waiting list."""
    ensure_may_run_meetings(by)
    registration = _leave(registration, Status.DECLINED, by=by)
    queue_delegate_email(registration, "declined")
    return registration


def _leave(registration: Registration, status: str, *, by) -> Registration:
    meeting = locked_meeting(registration.meeting)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status in (Status.DECLINED, Status.WITHDRAWN):
        raise ValidationError(_("This registration is already closed."))
    registration.status, registration.funded, registration.decided_by = status, False, by
    registration.save(update_fields=["status", "funded", "decided_by", "updated_at"])
    promote_from_waiting_list(meeting)
    return registration


@transaction.atomic
def change_seats(meeting: Meeting, *, seats: int, by) -> Meeting:
    """Set the number of seats; new seats go to the waiting list, in order."""
    ensure_may_run_meetings(by)
    meeting = locked_meeting(meeting)
    meeting.seats = seats
    meeting.save(update_fields=["seats", "updated_at"])
    promote_from_waiting_list(meeting)
    return meeting


# --- approval, funding, travel details ------------------------------------------------------------


@transaction.atomic
def approve_registration(registration: Registration, *, by, funded: bool) -> Registration:
    """Approve a seated delegate, funded or not; a funded delegate is asked for travel details by email."""
    ensure_may_run_meetings(by)
    meeting = locked_meeting(registration.meeting)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status not in Registration.SEATED:
        raise ValidationError(_("Only a delegate with a seat can be approved; this one is not."))
    if funded:
        check_fundable(meeting, registration)
    was_funded = registration.funded
    registration.status, registration.funded, registration.decided_by = Status.APPROVED, funded, by
    registration.save(update_fields=["status", "funded", "decided_by", "updated_at"])
    if funded and not was_funded:
        ask_travel_details(registration)
    elif not funded:
        queue_delegate_email(registration, "approved")
    return registration


def check_fundable(meeting: Meeting, registration: Registration) -> None:
    if not (registration.arrival_on and registration.departure_on):
        raise ValidationError(_("A funded delegate needs arrival and departure dates (for the per diem)."))
    funded_here = meeting.registrations.funded().filter(country_id=registration.country_id)
    if funded_here.exclude(pk=registration.pk).count() >= meeting.funded_seats_per_country:
        raise ValidationError(
            _("%(country)s already has its %(n)d funded seat(s) at this meeting.")
            % {"country": registration.country.name, "n": meeting.funded_seats_per_country}
        )


def ask_travel_details(registration: Registration) -> None:
    """Email the funded delegate a signed link to give their itinerary and ticket cost."""
    registration.travel_requested_at = timezone.now()
    registration.save(update_fields=["travel_requested_at"])
    queue_delegate_email(registration, "travel")


@transaction.atomic
def submit_travel_details(
    registration: Registration, *, itinerary: str, ticket_cost: Decimal
) -> Registration:
    """Store the itinerary and ticket cost a funded delegate gave through their signed link."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if not (registration.status == Status.APPROVED and registration.funded):
        raise ValidationError(_("Travel details are asked only of approved, funded delegates."))
    if ticket_cost is None or ticket_cost < 0:
        raise ValidationError({"ticket_cost": _("A cost cannot be negative.")})
    registration.itinerary, registration.ticket_cost = itinerary, ticket_cost
    registration.travel_submitted_at = timezone.now()
    registration.save(update_fields=["itinerary", "ticket_cost", "travel_submitted_at", "updated_at"])
    return registration


def delegate_token(registration: Registration) -> str:
    """The signed key of a delegate's own page (status, online link, travel details)."""
    return signing.dumps([registration.pk, registration.email.lower()], salt=DELEGATE_SALT, compress=True)


def registration_from_token(token: str) -> Registration | None:
    """The registration a delegate's link names, or None if the link is forged, expired or outdated."""
    max_age = settings.MEETING_TRAVEL_LINK_MAX_AGE_DAYS * 24 * 3600
    try:
        pk, email = signing.loads(token, salt=DELEGATE_SALT, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    registration = Registration.objects.select_related("meeting", "country").filter(pk=pk).first()
    if registration is None or registration.email.lower() != email:
        return None
    return registration


def delegate_url(registration: Registration) -> str:
    with translation.override(registration.language):
        path = reverse("meetings:delegate", args=[delegate_token(registration)])
    return settings.SITE_URL + path


def queue_delegate_email(registration: Registration, notice: str, *, key: str = "") -> int:
    """Queue one of the delegate's emails (templates meetings/email/<notice>) in their language."""
    key = key or f"meetings.{notice}:{registration.pk}"
    return queue_emails(
        [Recipient(registration.email, registration.language)],
        template=f"meetings/email/{notice}",
        context={
            "registration": registration,
            "meeting": registration.meeting,
            "delegate_url": delegate_url(registration),
            "meeting_url": settings.SITE_URL + registration.meeting.get_absolute_url(),
        },
        about=f"meetings.registration:{registration.pk}",
        key=key,
    )


# --- at and after the meeting -----------------------------------------------------------------------


@transaction.atomic
def record_attendance(registration: Registration, *, by, attendance: str) -> Registration:
    """Record whether an approved delegate attended, was absent or excused."""
    ensure_may_run_meetings(by)
    registration = Registration.objects.select_for_update().select_related("meeting").get(pk=registration.pk)
    if attendance not in Registration.Attendance.values:
        raise ValidationError(_("Choose attended, absent or excused."))
    if registration.status != Status.APPROVED:
        raise ValidationError(_("Attendance is recorded for approved delegates only."))
    if registration.meeting.starts_on > timezone.localdate():
        raise ValidationError(_("Attendance is recorded once the meeting has begun."))
    registration.attendance = attendance
    registration.save(update_fields=["attendance", "updated_at"])
    return registration


def queue_meeting_reminders(today: date) -> int:
    """Remind each seated delegate of meetings starting within MEETING_REMINDER_DAYS; once per delegate.

    The outbox's key (one reminder per registration) makes a re-run queue nothing new.
    """
    horizon = today + timedelta(days=settings.MEETING_REMINDER_DAYS)
    due = Registration.objects.holding_seats().filter(
        meeting__starts_on__gte=today,
        meeting__starts_on__lte=horizon,
        meeting__status__in=[Meeting.Status.REGISTRATION_OPEN, Meeting.Status.REGISTRATION_CLOSED],
    )
    return sum(
        queue_delegate_email(registration, "reminder")
        for registration in due.select_related("meeting", "country").order_by("pk")
    )


# --- agenda and budget ------------------------------------------------------------------------------


@transaction.atomic
def save_session(session: Session, *, by) -> Session:
    """Add or change an agenda item; refused if its room is taken at that time."""
    ensure_may_run_meetings(by)
    locked_meeting(session.meeting)  # two sessions saved at once cannot both take the room
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def set_budget(meeting: Meeting, *, by, lines: dict[str, dict]) -> list[BudgetLine]:
    """Write the budget and actual amounts per category ({category: {"budget":…, "actual":…}})."""
    ensure_may_run_meetings(by)
    saved = []
    for category, amounts in lines.items():
        if category not in Category.values:
            raise ValidationError(_("Unknown budget category: %s") % category)
        line, _created = BudgetLine.objects.get_or_create(meeting=meeting, category=category)
        line.budget = amounts.get("budget", line.budget) or Decimal(0)
        line.actual = amounts.get("actual", line.actual)
        line.full_clean()
        line.save()
        saved.append(line)
    return saved
