"""The network: countries, regional forums, institutions, focal points and shared vocabularies."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# Version key of the public pages that show network records (core.pagecache); bumped on any write.
PAGES_VERSION_KEY = "pages:network"


class RegionalForum(models.Model):
    """A regional consultative process on migration (e.g. the Puebla Process)."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=20, blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("regional forum")
        verbose_name_plural = _("regional forums")

    def __str__(self):
        return self.name


class CountryQuerySet(models.QuerySet):
    def in_americas(self):
        return self.exclude(subregion="")

    def observers(self):
        return self.filter(oas_status=Country.OasStatus.OBSERVER)


class Country(models.Model):
    """A state of the Americas, or an OAS permanent observer state."""

    class OasStatus(models.TextChoices):
        MEMBER = "member", _("Member state")
        OBSERVER = "observer", _("Permanent observer")
        OTHER = "other", _("Other")

    class Subregion(models.TextChoices):
        NORTH_AMERICA = "north_america", _("North America")
        CENTRAL_AMERICA = "central_america", _("Central America")
        CARIBBEAN = "caribbean", _("The Caribbean")
        SOUTH_AMERICA = "south_america", _("South America")

    code = models.CharField(
        _("ISO code"),
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", _("Two upper-case letters (ISO 3166-1)."))],
    )
    iso3 = models.CharField(
        _("ISO alpha-3 code"),
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{3}$", _("Three upper-case letters."))],
    )
    name = models.CharField(_("name"), max_length=120)
    oas_status = models.CharField(_("OAS status"), max_length=10, choices=OasStatus.choices)
    subregion = models.CharField(
        _("subregion"),
        max_length=20,
        choices=Subregion.choices,
        blank=True,
        help_text=_("Empty for states outside the Americas."),
    )
    forums = models.ManyToManyField(
        RegionalForum, verbose_name=_("regional forums"), related_name="countries", blank=True
    )

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        permissions = [("act_for_all_countries", _("Can act on the records of every country"))]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("country_detail", args=[self.slug])

    @property
    def slug(self) -> str:
        return self.code.lower()

    @property
    def in_americas(self) -> bool:
        return bool(self.subregion)


class Institution(models.Model):
    """A public body of a country that takes part in the network."""

    class Kind(models.TextChoices):
        MIGRATION_AUTHORITY = "migration_authority", _("Migration authority")
        FOREIGN_AFFAIRS = "foreign_affairs", _("Ministry of foreign affairs")
        LABOUR = "labour", _("Ministry of labour")
        INTERIOR = "interior", _("Ministry of the interior or security")
        SOCIAL = "social", _("Social development or protection")
        STATISTICS = "statistics", _("Statistics office")
        OTHER = "other", _("Other public body")

    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="institutions"
    )
    name = models.CharField(_("name"), max_length=250)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["country__code", "name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        constraints = [
            models.UniqueConstraint(fields=["country", "name"], name="unique_institution_name"),
        ]

    def __str__(self):
        return f"{self.name} ({self.country.code})" if self.country_id else self.name


class FocalPoint(models.Model):
    """An official who acts for one country: ties a user account to a country and institution."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="focal_point",
    )
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="focal_points"
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="focal_points",
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(
        _("language of emails"), max_length=2, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    class Meta:
        ordering = ["country__code", "user__last_name"]
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.get_username()} ({self.country.code})"

    def clean(self):
        if self.institution_id and self.country_id and self.institution.country_id != self.country_id:
            raise ValidationError(
                {"institution": _("The institution must belong to the focal point's country.")}
            )


class Theme(models.Model):
    """A theme of migration policy (shared vocabulary)."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.name


class TargetPopulation(models.Model):
    """A population that policies address; priority groups come first in every list."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=150)
    is_priority = models.BooleanField(
        _("priority group"),
        default=False,
        help_text=_("Women and gender, children and youth, indigenous peoples, other vulnerable groups."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["-is_priority", "order", "slug"]
        verbose_name = _("target population")
        verbose_name_plural = _("target populations")

    def __str__(self):
        return self.name


class GcmObjective(models.Model):
    """One of the 23 objectives of the Global Compact for Safe, Orderly and Regular Migration."""

    number = models.PositiveSmallIntegerField(
        _("number"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(23)]
    )
    name = models.CharField(_("name"), max_length=250)

    class Meta:
        ordering = ["number"]
        verbose_name = _("Global Compact objective")
        verbose_name_plural = _("Global Compact objectives")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=23), name="gcm_objective_number_range"
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"
