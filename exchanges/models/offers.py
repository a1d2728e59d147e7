"""Cooperation offers and requests, and the suggested matches between them."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.search.fields import FacetKeysField
from initiatives.models import Initiative
from network.models import Country, Institution, TargetPopulation, Theme

__all__ = [
    "COOPERATION_TRANSLATED_FIELDS",
    "CooperationMatch",
    "CooperationOffer",
    "CooperationRecord",
    "CooperationRequest",
    "Modality",
]

COOPERATION_TRANSLATED_FIELDS = ["title", "description"]
SEARCH_COLUMNS = {"search_vector", "search_rank", "search_titles", "facet_keys"}


class Modality(models.TextChoices):
    TECHNICAL_ASSISTANCE = "technical_assistance", _("Technical assistance")
    EXPERT_MISSION = "expert_mission", _("Expert mission")
    STUDY_VISIT = "study_visit", _("Study visit or internship")
    TRAINING = "training", _("Training or workshop")
    DOCUMENT_EXCHANGE = "document_exchange", _("Exchange of documents and tools")
    JOINT_RESEARCH = "joint_research", _("Joint research")


class CooperationRecordQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=CooperationRecord.State.PUBLISHED)

    def matchable(self):
        """Published and open: the records that take part in matching."""
        return self.published().filter(status=CooperationRecord.Status.OPEN)


class CooperationRecord(models.Model):
    """What offers and requests share: who, what, for whom, how, when, in which languages."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        CLOSED = "closed", _("Closed")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for moderation")
        PUBLISHED = "published", _("Published")
        RETURNED = "returned", _("Returned for changes")

    class CostSharing(models.TextChoices):
        EXPERTS_TIME = "experts_time", _("Experts' time only")
        EXPERTS_AND_TRAVEL = "experts_and_travel", _("Experts' time, travel and stay")
        SHARED = "shared", _("Costs shared between both sides")
        NONE = "none", _("No costs covered")
        TO_BE_AGREED = "to_be_agreed", _("To be agreed")

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="%(class)ss"
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="%(class)ss",
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), related_name="%(class)ss")
    populations = models.ManyToManyField(
        TargetPopulation, verbose_name=_("target populations"), related_name="%(class)ss"
    )
    modality = models.CharField(_("modality"), max_length=30, choices=Modality.choices)
    # Language codes (settings.COOPERATION_WORKING_LANGUAGES); a list keeps the quick start's SQLite.
    working_languages = models.JSONField(_("working languages"), default=list, blank=True)
    duration_months = models.PositiveSmallIntegerField(_("expected duration (months)"), null=True, blank=True)
    available_from = models.DateField(_("available from"), null=True, blank=True)
    available_until = models.DateField(_("available until"), null=True, blank=True)
    cost_sharing = models.CharField(
        _("costs covered"), max_length=30, choices=CostSharing.choices, default=CostSharing.TO_BE_AGREED
    )
    cost_sharing_note = models.CharField(_("note on costs"), max_length=300, blank=True)
    initiatives = models.ManyToManyField(
        Initiative, verbose_name=_("based on initiatives"), blank=True, related_name="%(class)ss"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    state = models.CharField(
        _("publication state"), max_length=20, choices=State.choices, default=State.DRAFT
    )
    moderation_note = models.TextField(_("moderation note"), blank=True)
    contact_name = models.CharField(_("contact (office or role)"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)

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

    # Kept by core.search.index.refresh_index from the catalogue's declaration (PostgreSQL only).
    search_vector = SearchVectorField(null=True, editable=False)
    search_rank = SearchVectorField(null=True, editable=False)
    search_titles = models.TextField(blank=True, editable=False)
    facet_keys = FacetKeysField(null=True, blank=True, editable=False)

    objects = CooperationRecordQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-published_at", "-id"]

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

    @property
    def slug(self) -> str:
        return slugify(self.title_es or self.title)[:80] or "record"

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED

    @property
    def is_matchable(self) -> bool:
        return self.is_published and self.status == self.Status.OPEN

    def working_language_names(self) -> list[str]:
        names = dict(settings.COOPERATION_WORKING_LANGUAGES)
        return [str(names.get(code, code)) for code in self.working_languages]

    def mark_published(self) -> None:
        self.state = self.State.PUBLISHED
        self.published_at = self.published_at or timezone.now()


def record_constraints(prefix: str) -> list:
    return [
        models.CheckConstraint(condition=~Q(title=""), name=f"{prefix}_has_title"),
        models.CheckConstraint(
            condition=Q(available_until__isnull=True)
            | Q(available_from__isnull=True)
            | Q(available_until__gte=models.F("available_from")),
            name=f"{prefix}_until_after_from",
        ),
    ]


class CooperationOffer(CooperationRecord):
    """What an institution of a country can give: knowledge, experts, a practice from the inventory."""

    kind = "offer"

    class Meta(CooperationRecord.Meta):
        verbose_name = _("cooperation offer")
        verbose_name_plural = _("cooperation offers")
        permissions = [("moderate_cooperationoffer", _("Can publish or return cooperation offers"))]
        indexes = [
            models.Index(fields=["state", "status"], name="offer_state_status"),
            models.Index(fields=["country", "state"], name="offer_country_state"),
        ]
        constraints = record_constraints("offer")

    def get_absolute_url(self):
        return reverse("exchanges:offer_detail", args=[self.pk, self.slug])


class CooperationRequest(CooperationRecord):
    """What an institution of a country needs help with."""

    kind = "request"

    class Meta(CooperationRecord.Meta):
        verbose_name = _("cooperation request")
        verbose_name_plural = _("cooperation requests")
        permissions = [("moderate_cooperationrequest", _("Can publish or return cooperation requests"))]
        indexes = [
            models.Index(fields=["state", "status"], name="request_state_status"),
            models.Index(fields=["country", "state"], name="request_country_state"),
        ]
        constraints = record_constraints("request")

    def get_absolute_url(self):
        return reverse("exchanges:request_detail", args=[self.pk, self.slug])


class CooperationMatch(models.Model):
    """An offer suggested for a request (and the reverse), with its score, its reasons, and how far
    the two sides took it. A declined pair is kept so that it never comes back."""

    class Status(models.TextChoices):
        SUGGESTED = "suggested", _("Suggested")
        CONTACTED = "contacted", _("Contacted")
        AGREED = "agreed", _("Agreed")
        DECLINED = "declined", _("Declined")

    offer = models.ForeignKey(
        CooperationOffer, verbose_name=_("offer"), on_delete=models.CASCADE, related_name="matches"
    )
    request = models.ForeignKey(
        CooperationRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="matches"
    )
    score = models.PositiveSmallIntegerField(_("score"), default=0)
    # Why the pair fits, as data (reason codes and the shared terms) so the page words it in the
    # visitor's language: [{"code": "themes", "points": 30, "terms": ["..."]}, ...]
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUGGESTED)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("status changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-score", "-id"]
        verbose_name = _("cooperation match")
        verbose_name_plural = _("cooperation matches")
        constraints = [
            models.UniqueConstraint(fields=["offer", "request"], name="unique_cooperation_match"),
            models.CheckConstraint(condition=Q(score__lte=100), name="match_score_at_most_100"),
        ]
        indexes = [
            models.Index(fields=["request", "-score"], name="match_request_score"),
            models.Index(fields=["offer", "-score"], name="match_offer_score"),
        ]

    def __str__(self):
        return f"{self.offer_id} ↔ {self.request_id} ({self.score})"
