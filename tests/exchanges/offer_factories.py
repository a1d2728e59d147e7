"""Factories of offers and requests: published, open and indexed unless told otherwise."""

import factory
from django.utils import timezone

from exchanges.catalogues import refresh_search_index
from exchanges.models import CooperationOffer, CooperationRequest, Modality
from network.models import TargetPopulation, Theme
from tests.factories import country


class CooperationRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True
        skip_postgeneration_save = True

    country = factory.LazyFunction(lambda: country("MX"))
    modality = Modality.TECHNICAL_ASSISTANCE
    working_languages = factory.LazyFunction(lambda: ["es"])
    state = CooperationOffer.State.PUBLISHED
    status = CooperationOffer.Status.OPEN
    published_at = factory.LazyFunction(timezone.now)
    contact_email = "cooperacion@example.org"

    @factory.post_generation
    def themes(self, create, slugs, **kwargs):
        if create:
            self.themes.set(Theme.objects.filter(slug__in=slugs or ["return-reintegration"]))

    @factory.post_generation
    def populations(self, create, slugs, **kwargs):
        if create:
            self.populations.set(TargetPopulation.objects.filter(slug__in=slugs or ["returned-migrants"]))

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            refresh_search_index(type(instance), [instance.pk])


class OfferFactory(CooperationRecordFactory):
    class Meta:
        model = CooperationOffer

    title_es = factory.Sequence(lambda n: f"Asistencia técnica en reintegración de retornados {n}")
    description_es = "Compartimos el modelo de ventanilla única para personas retornadas."


class RequestFactory(CooperationRecordFactory):
    class Meta:
        model = CooperationRequest

    country = factory.LazyFunction(lambda: country("GT"))
    title_es = factory.Sequence(lambda n: f"Apoyo para la reintegración de personas retornadas {n}")
    description_es = "Buscamos experiencia en ventanilla única para retornados."
