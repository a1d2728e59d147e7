"""factory_boy factories shared by the test folders."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

from network.models import Country, FocalPoint, Institution
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
