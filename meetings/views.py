"""Pages of meetings: public lists, the meeting with its agenda, registrations, budget, delegates' pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.actions import run_action
from core.pagecache import cache_public_page
from exchanges.models import PAGES_VERSION_KEY as EXCHANGE_PAGES
from network.models import PAGES_VERSION_KEY as NETWORK_PAGES
from network.models import Country
from network.scoping import country_id_of

from . import calendar, documents, exports, selectors, services
from .forms import BudgetForm, DecisionForm, RegistrationForm, TravelForm
from .models import PAGES_VERSION_KEY, Meeting, MeetingDocument, Registration

# What the public meeting pages show: meetings, countries, and the cooperation records that came
# out of a meeting (core.pagecache).
SHOWN = (PAGES_VERSION_KEY, NETWORK_PAGES, EXCHANGE_PAGES)


def secretariat_only(request):
    if not services.may_run_meetings(request.user):
        raise PermissionDenied


@cache_public_page(*SHOWN)
@require_safe
def meeting_list(request):
    return render(request, "meetings/list.html", selectors.meetings_for_list())


@cache_public_page(*SHOWN)
@require_safe
def meeting_detail(request, pk, slug):
    meeting = get_object_or_404(Meeting.objects.select_related("country"), pk=pk)
    if slug != meeting.slug:
        return redirect(meeting, permanent=True)
    context = {
        "meeting": meeting,
        "agenda": selectors.agenda_by_day(meeting),
        "documents": selectors.visible_documents(meeting, request.user),
        "seats": selectors.seat_summary(meeting),
        "may_register": request.user.has_perm(services.ADD_PERMISSION),
        "may_run": services.may_run_meetings(request.user),
    }
    if meeting.status == Meeting.Status.HELD:
        context["outcome_records"] = selectors.outcome_records(meeting)
    return render(request, "meetings/detail.html", context)


def calendar_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def meeting_ics(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    return calendar_response(calendar.meeting_calendar(meeting), f"meeting-{meeting.pk}.ics")


@require_safe
def session_ics(request, pk, session_pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    session = get_object_or_404(meeting.sessions, pk=session_pk)
    return calendar_response(calendar.session_calendar(meeting, session), f"session-{session.pk}.ics")


@require_safe
def document_download(request, pk, document_pk):
    document = get_object_or_404(
        MeetingDocument.objects.select_related("meeting"), pk=document_pk, meeting_id=pk
    )
    if document not in selectors.visible_documents(document.meeting, request.user):
        raise Http404
    return FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.file.name.rsplit("/", 1)[-1]
    )


# --- registrations ----------------------------------------------------------------------------------


def registration_form(request, data=None) -> RegistrationForm:
    countries = Country.objects.in_americas() if services.may_run_meetings(request.user) else None
    return RegistrationForm(data, countries=countries)


@login_required
def registrations(request, pk):
    """Focal points: their country's delegates and the form to add one; the secretariat: every delegate."""
    if not request.user.has_perm(services.VIEW_PERMISSION):
        raise PermissionDenied
    meeting = get_object_or_404(Meeting, pk=pk)
    form = registration_form(request, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            registration = register(request, meeting, form)
        except ValidationError as error:
            add_errors(form, error)
        else:
            if registration.status == Registration.Status.WAITING:
                messages.warning(
                    request,
                    _("The meeting is full: %(name)s is on the waiting list.") % {"name": registration.name},
                )
            else:
                messages.success(request, _("%(name)s is registered.") % {"name": registration.name})
            return redirect("meetings:registrations", pk=meeting.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "meetings/registrations.html", registrations_context(request, meeting, form), status=status
    )


def register(request, meeting, form) -> Registration:
    country = (
        form.cleaned_data.get("country") or Country.objects.filter(pk=country_id_of(request.user)).first()
    )
    if country is None:
        raise PermissionDenied
    return services.register_delegate(
        meeting, country=country, by=request.user, data=form.registration_data()
    )


def add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# Which decisions each status offers; the services check them again.
DECISIONS_BY_STATUS = {
    Registration.Status.WAITING: ["decline", "withdraw"],
    Registration.Status.PENDING: ["approve", "approve_funded", "decline", "withdraw"],
    Registration.Status.APPROVED: [
        "approve",
        "approve_funded",
        *Registration.Attendance.values,
        "decline",
        "withdraw",
    ],
}


def decision_choices(registration, may_run: bool) -> list[tuple[str, str]]:
    allowed = DECISIONS_BY_STATUS.get(registration.status, [])
    labels = dict(DecisionForm.DECISIONS)
    return [(value, labels[value]) for value in allowed if may_run or value == "withdraw"]


def registrations_context(request, meeting, form) -> dict:
    may_run = services.may_run_meetings(request.user)
    shown = list(selectors.registrations_visible_to(request.user, meeting))
    for registration in shown:
        registration.decisions = decision_choices(registration, may_run)
    return {
        "meeting": meeting,
        "form": form,
        "registrations": shown,
        "seats": selectors.seat_summary(meeting),
        "may_run": may_run,
    }


DECISIONS = {
    "approve": lambda r, by: services.approve_registration(r, by=by, funded=False),
    "approve_funded": lambda r, by: services.approve_registration(r, by=by, funded=True),
    "decline": lambda r, by: services.decline_registration(r, by=by),
    "withdraw": lambda r, by: services.withdraw_registration(r, by=by),
}


# What each decision did, said of the delegate by name.
DECISION_MESSAGES = {
    "approve": gettext_lazy("The registration of %(name)s was approved, without funding."),
    "approve_funded": gettext_lazy("The registration of %(name)s was approved and funded."),
    "decline": gettext_lazy("The registration of %(name)s was declined."),
    "withdraw": gettext_lazy("The registration of %(name)s was withdrawn."),
    Registration.Attendance.ATTENDED: gettext_lazy("%(name)s is recorded as having attended."),
    Registration.Attendance.ABSENT: gettext_lazy("%(name)s is recorded as absent."),
    Registration.Attendance.EXCUSED: gettext_lazy("%(name)s is recorded as excused."),
}


@login_required
@require_POST
def registration_decide(request, pk, registration_pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    registration = get_object_or_404(
        selectors.registrations_visible_to(request.user, meeting), pk=registration_pk
    )
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what to do with the registration."))
        return redirect("meetings:registrations", pk=meeting.pk)
    decision = form.cleaned_data["decision"]

    def decide():
        if decision in DECISIONS:
            DECISIONS[decision](registration, request.user)
        else:
            services.record_attendance(registration, by=request.user, attendance=decision)

    run_action(request, decide, DECISION_MESSAGES[decision] % {"name": registration.name})
    return redirect("meetings:registrations", pk=meeting.pk)


# --- budget -----------------------------------------------------------------------------------------


@login_required
def budget(request, pk):
    secretariat_only(request)
    meeting = get_object_or_404(Meeting, pk=pk)
    lines = {line.category: line for line in meeting.budget_lines.all()}
    form = BudgetForm(request.POST if request.method == "POST" else None, lines=lines)
    if request.method == "POST" and form.is_valid():
        services.set_budget(meeting, by=request.user, lines=form.lines())
        messages.success(request, _("The budget was saved."))
        return redirect("meetings:budget", pk=meeting.pk)
    context = {"meeting": meeting, "table": selectors.budget_table(meeting), "form": form}
    return render(request, "meetings/budget.html", context, status=400 if request.method == "POST" else 200)


@require_safe
@login_required
def budget_xlsx(request, pk):
    secretariat_only(request)
    meeting = get_object_or_404(Meeting, pk=pk)
    return exports.budget_xlsx(meeting, selectors.budget_table(meeting))


# --- a delegate's own page, by signed link -----------------------------------------------------------


def delegate_registration(token) -> Registration:
    registration = services.registration_from_token(token)
    if registration is None:
        raise Http404
    return registration


def delegate(request, token):
    """Status, the online link once approved, and the travel form of a funded delegate."""
    registration = delegate_registration(token)
    asks_travel = registration.status == Registration.Status.APPROVED and registration.funded
    given = {"itinerary": registration.itinerary, "ticket_cost": registration.ticket_cost}
    data = request.POST if request.method == "POST" else None
    form = TravelForm(data, initial=given) if asks_travel else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            services.submit_travel_details(registration, **form.cleaned_data)
            messages.success(request, _("Thank you: your travel details were saved."))
            return redirect("meetings:delegate", token=token)
    context = {"registration": registration, "meeting": registration.meeting, "form": form, "token": token}
    return render(request, "meetings/delegate.html", context, status=400 if request.method == "POST" else 200)


@require_safe
def delegate_ics(request, token):
    registration = delegate_registration(token)
    approved = registration.status == Registration.Status.APPROVED
    data = calendar.meeting_calendar(registration.meeting, online_link=approved)
    return calendar_response(data, f"meeting-{registration.meeting_id}.ics")


# --- PDFs ------------------------------------------------------------------------------------------


def pdf_response(document) -> FileResponse:
    return FileResponse(
        document.file.open("rb"),
        content_type="application/pdf",
        filename=document.file.name.rsplit("/", 1)[-1],
    )


PDFS = {
    "participants": documents.participant_list_pdf,
    "badges": documents.badges_pdf,
    "report": documents.closing_report_pdf,
}


@require_safe
@login_required
def meeting_pdf(request, pk, document):
    secretariat_only(request)
    meeting = get_object_or_404(Meeting, pk=pk)
    if document not in PDFS:
        raise Http404
    return pdf_response(PDFS[document](meeting, get_language()))


@require_safe
@login_required
def certificate(request, pk, registration_pk):
    """A certificate of attendance: the secretariat, and the delegate's own focal points."""
    meeting = get_object_or_404(Meeting, pk=pk)
    registration = get_object_or_404(
        selectors.registrations_visible_to(request.user, meeting),
        pk=registration_pk, attendance=Registration.Attendance.ATTENDED,
    )  # fmt: skip
    return pdf_response(documents.certificate_pdf(registration, get_language()))
