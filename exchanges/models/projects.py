"""Horizontal cooperation projects, their CEAM approval, indicators and reports."""

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.documents import validate_document
from core.files import upload_path
from core.search.fields import FacetKeysField
from network.models import Country, Institution

from .offers import SEARCH_COLUMNS, CooperationMatch

__all__ = [
    "PROJECT_TRANSLATED_FIELDS",
    "Activity",
    "BudgetLine",
    "CeamDecision",
    "FollowUpAnswer",
    "Indicator",
    "Measurement",
    "ProgressReport",
    "Project",
    "ReportDocument",
]

PROJECT_TRANSLATED_FIELDS = [
    "title",
    "summary",
    "objectives",
    "activities_text",
    "expected_results",
    "results_report",
]
MONEY = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


class ProjectQuerySet(models.QuerySet):
    def public(self):
        """Approved projects and those that came after: what every visitor sees."""
        return self.filter(state__in=Project.PUBLIC_STATES)

    def involving(self, country_id):
        return self.filter(Q(requesting_country_id=country_id) | Q(providing_country_id=country_id))

    def visible_to(self, user):
        """Public projects, plus every state for the secretariats and the involved countries' focal points."""
        from network.scoping import acts_for_all_countries, country_id_of

        if acts_for_all_countries(user):
            return self
        country_id = country_id_of(user)
        if country_id is None:
            return self.public()
        return self.filter(
            Q(state__in=Project.PUBLIC_STATES)
            | Q(requesting_country_id=country_id)
            | Q(providing_country_id=country_id)
        )


class Project(models.Model):
    """A horizontal cooperation project: one country's institution helps another's, approved by the CEAM."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        UNDER_REVIEW = "under_review", _("Under review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        IN_EXECUTION = "in_execution", _("In execution")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    PUBLIC_STATES = (State.APPROVED, State.IN_EXECUTION, State.COMPLETED, State.CANCELLED)
    FUNDABLE_STATES = (State.APPROVED, State.IN_EXECUTION)

    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    activities_text = models.TextField(
        _("activities"), blank=True, help_text=_("What will be done, in words.")
    )
    expected_results = models.TextField(_("expected results"), blank=True)
    results_report = models.TextField(_("results report"), blank=True, help_text=_("Written on completion."))

    requesting_country = models.ForeignKey(
        Country,
        verbose_name=_("requesting country"),
        on_delete=models.PROTECT,
        related_name="requested_projects",
    )
    requesting_institution = models.ForeignKey(
        Institution,
        verbose_name=_("requesting institution"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requested_projects",
    )
    providing_country = models.ForeignKey(
        Country,
        verbose_name=_("providing country"),
        on_delete=models.PROTECT,
        related_name="provided_projects",
    )
    providing_institution = models.ForeignKey(
        Institution,
        verbose_name=_("providing institution"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="provided_projects",
    )
    from_match = models.OneToOneField(
        CooperationMatch,
        verbose_name=_("from the agreed pair"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="project",
    )
    start_date = models.DateField(_("planned start"), null=True, blank=True)
    end_date = models.DateField(_("planned end"), null=True, blank=True)

    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    ceam_reference = models.CharField(_("CEAM resolution"), max_length=100, blank=True, editable=False)
    ceam_decided_on = models.DateField(_("CEAM decision date"), null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)
    completed_on = models.DateField(_("completed on"), null=True, blank=True, editable=False)
    followups_sent = models.JSONField(
        _("follow-up questionnaires sent"), default=list, blank=True, editable=False,
        help_text=_("Months after completion whose questionnaire was queued."),
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Kept by core.search.index.refresh_index from the catalogue's declaration (PostgreSQL only).
    search_vector = SearchVectorField(null=True, editable=False)
    search_rank = SearchVectorField(null=True, editable=False)
    search_titles = models.TextField(blank=True, editable=False)
    facet_keys = FacetKeysField(null=True, blank=True, editable=False)

    # modeltranslation adds the language columns after the history model is built: leave them out
    # (the untranslated columns and every other field are kept). The search columns are derived.
    history = HistoricalRecords(
        excluded_fields=[
            "updated_at",
            *sorted(SEARCH_COLUMNS),
            *(f"{name}_{code}" for name in PROJECT_TRANSLATED_FIELDS for code, _n in settings.LANGUAGES),
        ]
    )
    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("cooperation project")
        verbose_name_plural = _("cooperation projects")
        permissions = [("decide_project", _("Can review, approve, return, reject or cancel projects (CEAM)"))]
        indexes = [models.Index(fields=["state", "-created_at"], name="project_state_created")]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="project_has_title"),
            models.CheckConstraint(
                condition=~Q(requesting_country=models.F("providing_country")), name="project_two_countries"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="project_end_after_start",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        """Never write the search columns back from memory: only the index refresh sets them."""
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            skipped = SEARCH_COLUMNS | self.get_deferred_fields()
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if not f.primary_key and f.attname not in skipped
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("exchanges:project_detail", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.state in self.PUBLIC_STATES

    @property
    def country_ids(self) -> tuple:
        return (self.requesting_country_id, self.providing_country_id)

    def budget_totals(self) -> dict:
        """Asked of the fund, co-financed and their sum, in USD, over every budget line."""
        totals = self.budget_lines.aggregate(fund=Sum("requested_from_fund"), cofinanced=Sum("co_financed"))
        fund, cofinanced = totals["fund"] or Decimal(0), totals["cofinanced"] or Decimal(0)
        return {"fund": fund, "cofinanced": cofinanced, "total": fund + cofinanced}


class BudgetLine(models.Model):
    """One line of a project's budget, in USD, in one of the proposal's categories."""

    class Category(models.TextChoices):
        KNOWLEDGE_TRANSFER = "knowledge_transfer", _("Knowledge transfer")
        INFORMATION_GATHERING = "information_gathering", _("Information gathering")
        TRAVEL = "travel", _("Travel and per diem")
        OTHER = "other", _("Other")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="budget_lines")
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    description = models.CharField(_("description"), max_length=300)
    requested_from_fund = models.DecimalField(_("asked of the fund (USD)"), default=0, **MONEY)
    co_financed = models.DecimalField(_("co-financed (USD)"), default=0, **MONEY)

    class Meta:
        ordering = ["category", "id"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.CheckConstraint(
                condition=Q(requested_from_fund__gte=0) & Q(co_financed__gte=0),
                name="budget_line_not_negative",
            )
        ]

    def __str__(self):
        return self.description

    @property
    def total(self) -> Decimal:
        return (self.requested_from_fund or 0) + (self.co_financed or 0)


class Activity(models.Model):
    """A step of the project's timeline."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(_("activity"), max_length=300)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="activity_end_after_start"
            )
        ]

    def __str__(self):
        return self.title


class CeamDecision(models.Model):
    """A decision of the CEAM secretariat on a project, with the resolution it rests on."""

    class Decision(models.TextChoices):
        REVIEW = "under_review", _("Taken under review")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned for changes")
        REJECTED = "rejected", _("Rejected")
        CANCELLED = "cancelled", _("Cancelled")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="decisions")
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    reference = models.CharField(_("CEAM resolution reference"), max_length=100, blank=True)
    decided_on = models.DateField(_("date of the decision"), default=timezone.localdate)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name = _("CEAM decision")
        verbose_name_plural = _("CEAM decisions")

    def __str__(self):
        return f"{self.get_decision_display()} {self.reference}".strip()


class Indicator(models.Model):
    """What the project measures to show its effect: from a baseline towards a target."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=60, help_text=_("e.g. officials trained, days, %"))
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(condition=~Q(baseline=models.F("target")), name="indicator_target_moves")
        ]

    def __str__(self):
        return self.name

    def progress(self, value) -> int:
        """Percent of the way from baseline to target reached by `value`, kept within 0..100."""
        if value is None:
            return 0
        share = (Decimal(value) - self.baseline) / (self.target - self.baseline) * 100
        return int(max(0, min(100, share)))


class Measurement(models.Model):
    """A dated value of an indicator, with where it comes from."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    measured_on = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    source = models.CharField(_("source"), max_length=300)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["measured_on", "id"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "measured_on"], name="one_measurement_per_day"),
        ]

    def __str__(self):
        return f"{self.value} ({self.measured_on})"


class ProgressReport(models.Model):
    """A focal point's account of how the project goes, with its documents."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="progress_reports")
    period_end = models.DateField(_("period covered up to"))
    text = models.TextField(_("report"))
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["period_end", "id"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self):
        return f"{self.project_id} {self.period_end}"


def report_document_path(document, filename):
    folder = f"projects/{document.report.project_id}"
    return upload_path(folder, filename, max_length=ReportDocument.file.field.max_length)


class ReportDocument(models.Model):
    """A file attached to a progress report; its kind was checked from its bytes."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"), upload_to=report_document_path, max_length=300, validators=[validate_document]
    )
    content_type = models.CharField(max_length=120, editable=False)
    size = models.PositiveIntegerField(editable=False, default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("report document")
        verbose_name_plural = _("report documents")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("exchanges:report_document", args=[self.report.project_id, self.pk])


class FollowUpAnswer(models.Model):
    """One country's answer to the questionnaire sent 6 or 12 months after completion."""

    class Adoption(models.TextChoices):
        YES = "yes", _("Yes, it is in use")
        PARTLY = "partly", _("Partly")
        NO = "no", _("Not yet")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="followup_answers")
    months = models.PositiveSmallIntegerField(_("months after completion"))
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    adopted = models.CharField(_("was the practice adopted?"), max_length=10, choices=Adoption.choices)
    what_changed = models.TextField(_("what changed"))
    answered_by = models.EmailField(_("answered by"))
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["months", "country__code"]
        verbose_name = _("follow-up answer")
        verbose_name_plural = _("follow-up answers")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "months", "country"], name="one_followup_answer_per_side"
            ),
        ]

    def __str__(self):
        return f"{self.project_id} +{self.months}m {self.country_id}"
