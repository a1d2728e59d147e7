"""The knowledge base: initiatives that countries present as successful, with their files and links."""

from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _

from core.documents import validate_document
from core.files import upload_path
from core.search.fields import FacetKeysField
from network.models import Country, GcmObjective, Institution, TargetPopulation, Theme

from . import rendering

TRANSLATED_TEXT_FIELDS = [
    "title",
    "summary",
    "description",
    "objectives",
    "modalities",
    "results",
    "lessons_learned",
]
SEARCH_COLUMNS = {"search_vector", "search_rank", "search_titles", "facet_keys"}
YEAR_VALIDATORS = [MinValueValidator(1950), MaxValueValidator(2100)]
# Version key of the public pages that show initiatives (core.pagecache); bumped on any write.
PAGES_VERSION_KEY = "pages:initiatives"


class InitiativeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=Initiative.State.PUBLISHED)

    def stale(self, today=None):
        """Published initiatives whose last verification is older than the configured period."""
        today = today or timezone.localdate()
        return self.published().filter(last_verified_on__lt=today - stale_after())


def stale_after() -> timedelta:
    return timedelta(days=settings.INITIATIVE_STALE_AFTER_DAYS)


class Initiative(models.Model):
    """A public policy, programme, strategy, project, practice or regulation that worked."""

    class Kind(models.TextChoices):
        POLICY = "policy", _("Public policy")
        PROGRAMME = "programme", _("Programme")
        STRATEGY = "strategy", _("Strategy")
        PROJECT = "project", _("Project")
        PRACTICE = "practice", _("Practice")
        REGULATION = "regulation", _("Law or regulation")

    class Scope(models.TextChoices):
        NATIONAL = "national", _("National")
        BILATERAL = "bilateral", _("Bilateral")
        SUBREGIONAL = "subregional", _("Subregional")
        REGIONAL = "regional", _("Regional")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", _("Completed")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        PUBLISHED = "published", _("Published")
        RETURNED = "returned", _("Returned")
        ARCHIVED = "archived", _("Archived")

    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True, help_text=_("One or two sentences."))
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown allowed."))
    objectives = models.TextField(_("objectives"), blank=True)
    modalities = models.TextField(_("modalities of implementation"), blank=True)
    results = models.TextField(_("results"), blank=True)
    lessons_learned = models.TextField(_("lessons learned"), blank=True)

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices, default=Scope.NATIONAL)
    lead_country = models.ForeignKey(
        Country, verbose_name=_("lead country"), on_delete=models.PROTECT, related_name="initiatives"
    )
    lead_institution = models.ForeignKey(
        Institution,
        verbose_name=_("lead institution"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives",
    )
    partner_countries = models.ManyToManyField(
        Country, verbose_name=_("partner countries"), blank=True, related_name="partner_initiatives"
    )
    partner_organisations = models.CharField(_("partner organisations"), max_length=300, blank=True)
    start_year = models.PositiveSmallIntegerField(_("start year"), validators=YEAR_VALIDATORS)
    end_year = models.PositiveSmallIntegerField(
        _("end year"), null=True, blank=True, validators=YEAR_VALIDATORS, help_text=_("Empty if ongoing.")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ONGOING)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), related_name="initiatives")
    populations = models.ManyToManyField(
        TargetPopulation, verbose_name=_("target populations"), related_name="initiatives"
    )
    gcm_objectives = models.ManyToManyField(
        GcmObjective, verbose_name=_("Global Compact objectives"), blank=True, related_name="initiatives"
    )
    budget = models.DecimalField(_("budget"), max_digits=16, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True, help_text=_("ISO 4217, e.g. USD."))
    funding_sources = models.CharField(_("funding sources"), max_length=300, blank=True)
    contact_name = models.CharField(_("contact (office or role)"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)

    state = models.CharField(
        _("publication state"), max_length=20, choices=State.choices, default=State.DRAFT
    )
    last_verified_on = models.DateField(_("last verified"), default=timezone.localdate)
    stale_reminder_sent_on = models.DateField(_("stale reminder sent"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
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

    # Kept up to date by initiatives.search.refresh_search_index (PostgreSQL only): the whole text,
    # titles and summaries alone (ranking reads this short vector), every facet value of the row.
    search_vector = SearchVectorField(null=True, editable=False)
    search_rank = SearchVectorField(null=True, editable=False)
    search_titles = models.TextField(blank=True, editable=False)
    facet_keys = FacetKeysField(null=True, blank=True, editable=False)
    # The Markdown sections as HTML, per section and language, rendered by save() (rendering.py).
    rendered_markdown = models.JSONField(default=dict, blank=True, editable=False)

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        permissions = [
            ("publish_initiative", _("Can publish, return or archive initiatives")),
            ("translate_initiative", _("Can translate published initiatives")),
        ]
        indexes = [
            models.Index(fields=["state", "-published_at"], name="initiative_state_published"),
            models.Index(fields=["lead_country", "state"], name="initiative_country_state"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__isnull=True) | Q(end_year__gte=models.F("start_year")),
                name="initiative_end_after_start",
            ),
            models.CheckConstraint(condition=~Q(title=""), name="initiative_has_title"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        """Never write the search columns back from memory: only the index refresh sets them, and an
        instance's copy may predate the last refresh (kept counts compare them before and after).
        The Markdown sections are rendered here, once, whenever their text may have changed."""
        update_fields = kwargs.get("update_fields")
        if update_fields is None or rendering.touches_markdown(update_fields):
            self.rendered_markdown = rendering.rendered_sections(self)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "rendered_markdown"}
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            skipped = SEARCH_COLUMNS | self.get_deferred_fields()
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if not f.primary_key and f.attname not in skipped
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("initiatives:detail", args=[self.pk, self.slug])

    @property
    def slug(self) -> str:
        """The title's slug in the active language (its fallback title where it has none)."""
        return self.slug_in(get_language())

    def slug_in(self, language: str | None) -> str:
        with override(language):
            return slugify(self.title)[:80] or "initiative"

    def section(self, name: str, language: str):
        """The HTML of a Markdown section (description, objectives...) in `language` or its fallback."""
        return rendering.section_html(self, name, language)

    @property
    def is_stale(self) -> bool:
        return self.last_verified_on < timezone.localdate() - stale_after()


class InitiativeLink(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="links")
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("address"), max_length=500)

    class Meta:
        verbose_name = _("web link")
        verbose_name_plural = _("web links")

    def __str__(self):
        return self.title


class SystemReference(models.Model):
    """A record of the same initiative in one of the OAS information systems."""

    class System(models.TextChoices):
        SICREMI = "sicremi", "SICREMI"
        MILEX = "milex", "MILEX"
        MINPET = "minpet", "MINPET"

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="system_references")
    system = models.CharField(_("system"), max_length=10, choices=System.choices)
    identifier = models.CharField(_("identifier"), max_length=100)
    url = models.URLField(_("address"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("OAS system reference")
        verbose_name_plural = _("OAS system references")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "system", "identifier"], name="unique_system_reference"
            )
        ]

    def __str__(self):
        return f"{self.get_system_display()} {self.identifier}"


def document_path(document, filename):
    folder = f"initiatives/{document.initiative_id}"
    return upload_path(folder, filename, max_length=InitiativeDocument.file.field.max_length)


class InitiativeDocument(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"), upload_to=document_path, max_length=300, validators=[validate_document]
    )
    content_type = models.CharField(max_length=120, editable=False)
    size = models.PositiveIntegerField(editable=False, default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("initiatives:document", args=[self.initiative_id, self.pk])


class StateChange(models.Model):
    """One step of an initiative's publication workflow: who, when, from, to, note."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="state_changes")
    from_state = models.CharField(_("from"), max_length=20, choices=Initiative.State.choices)
    to_state = models.CharField(_("to"), max_length=20, choices=Initiative.State.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("when"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")

    def __str__(self):
        return f"{self.from_state} → {self.to_state}"


class Verification(models.Model):
    """A focal point or the secretariat confirmed the record is still accurate."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="verifications")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    on = models.DateField(_("verified on"), default=timezone.localdate)

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name = _("verification")
        verbose_name_plural = _("verifications")

    def __str__(self):
        return f"{self.initiative_id} {self.on}"


class RenderedDetail(models.Model):
    """The body of a published initiative's page in one language as visitors without a session see
    it, rendered when the record changes (see initiatives/public_detail.py), as its Markdown is."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="rendered_details")
    language = models.CharField(max_length=2)
    # The record's `updated_at` when it was rendered: any later change of the record makes it unused.
    source_updated_at = models.DateTimeField()
    # What else it was rendered from: the network terms' version and the templates and catalogues.
    built_with = models.CharField(max_length=80)
    slug = models.CharField(max_length=80)
    title = models.TextField()
    description = models.TextField()
    html = models.TextField()
    # The related records found then, best first: shown while they stay published.
    related = models.JSONField(default=list)
    rendered_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["initiative", "language"], name="unique_rendered_detail_language")
        ]

    def __str__(self):
        return f"{self.initiative_id} ({self.language})"
