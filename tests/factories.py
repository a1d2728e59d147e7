"""factory_boy factories shared by the test folders."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from initiatives.models import Initiative
from initiatives.search import refresh_search_index
from network.models import Country, FocalPoint, GcmObjective, Institution, TargetPopulation, Theme
from network.roles import FOCAL_POINTS

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def groups(self, create, names, **kwargs):
        if create and names:
            self.groups.add(*Group.objects.filter(name__in=names))
        if create:
            self.save()


class StaffFactory(UserFactory):
    is_staff = True


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(StaffFactory)
    name = "phone"
    confirmed = True


def country(code: str) -> Country:
    return Country.objects.get(code=code)


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    country = factory.LazyFunction(lambda: country("MX"))
    name = factory.Sequence(lambda n: f"Institución de migración {n}")
    kind = Institution.Kind.MIGRATION_AUTHORITY


class FocalPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocalPoint

    user = factory.SubFactory(StaffFactory, groups=[FOCAL_POINTS])
    institution = factory.SubFactory(InstitutionFactory)
    country = factory.SelfAttribute("institution.country")


class InitiativeFactory(factory.django.DjangoModelFactory):
    """A published initiative, indexed for search once its tags are set."""

    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    title_es = factory.Sequence(lambda n: f"Iniciativa de cooperación número {n}")
    summary_es = "Un programa público que dio buenos resultados."
    kind = Initiative.Kind.PROGRAMME
    scope = Initiative.Scope.NATIONAL
    lead_country = factory.LazyFunction(lambda: country("MX"))
    start_year = 2020
    status = Initiative.Status.ONGOING
    state = Initiative.State.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def themes(self, create, slugs, **kwargs):
        if create:
            self.themes.set(Theme.objects.filter(slug__in=slugs or ["return-reintegration"]))

    @factory.post_generation
    def populations(self, create, slugs, **kwargs):
        if create:
            self.populations.set(TargetPopulation.objects.filter(slug__in=slugs or ["migrants"]))

    @factory.post_generation
    def objectives(self, create, numbers, **kwargs):
        if create and numbers:
            self.gcm_objectives.set(GcmObjective.objects.filter(number__in=numbers))

    @factory.post_generation
    def partners(self, create, codes, **kwargs):
        if create and codes:
            self.partner_countries.set(Country.objects.filter(code__in=codes))

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            refresh_search_index([instance.pk])
