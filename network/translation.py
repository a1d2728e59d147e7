"""Which network fields are translated (django-modeltranslation): es, en, fr, pt."""

from modeltranslation.translator import TranslationOptions, register

from .models import Country, GcmObjective, RegionalForum, TargetPopulation, Theme


@register(Country)
class CountryTranslation(TranslationOptions):
    fields = ("name",)


@register(RegionalForum)
class RegionalForumTranslation(TranslationOptions):
    fields = ("name",)


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name", "description")


@register(TargetPopulation)
class TargetPopulationTranslation(TranslationOptions):
    fields = ("name",)


@register(GcmObjective)
class GcmObjectiveTranslation(TranslationOptions):
    fields = ("name",)
