"""Factories of the meetings tests."""

from datetime import timedelta

import factory
from django.utils import timezone

from meetings.models import Meeting, Registration, Session
from tests.factories import country


class MeetingFactory(factory.django.DjangoModelFactory):
    """A three-day in-person meeting a month ahead, registration open, ten seats."""

    class Meta:
        model = Meeting

    title_es = factory.Sequence(lambda n: f"Reunión técnica {n}")
    title_en = factory.Sequence(lambda n: f"Technical meeting {n}")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    ends_on = factory.LazyAttribute(lambda m: m.starts_on + timedelta(days=2))
    city = "Ciudad de Panamá"
    country = factory.LazyFunction(lambda: country("PA"))
    venue = "Sede regional"
    working_languages = ["es", "en"]
    status = Meeting.Status.REGISTRATION_OPEN
    seats = 10
    funded_seats_per_country = 1


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    meeting = factory.SubFactory(MeetingFactory)
    country = factory.LazyFunction(lambda: country("MX"))
    name = factory.Sequence(lambda n: f"Delegada Número{n}")
    position = "Directora"
    institution = "Instituto Nacional de Migración"
    email = factory.Sequence(lambda n: f"delegate{n}@example.org")
    arrival_on = factory.LazyAttribute(lambda r: r.meeting.starts_on - timedelta(days=1))
    departure_on = factory.LazyAttribute(lambda r: r.meeting.ends_on)
    status = Registration.Status.PENDING


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    meeting = factory.SubFactory(MeetingFactory)
    day = factory.LazyAttribute(lambda s: s.meeting.starts_on)
    starts_at = "09:00"
    ends_at = "10:30"
    title_es = factory.Sequence(lambda n: f"Sesión {n}")
    room = "Sala A"
