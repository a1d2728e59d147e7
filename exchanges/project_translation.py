"""Which exchanges fields are translated (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import PROJECT_TRANSLATED_FIELDS, Indicator, Project


@register(Project)
class ProjectTranslation(TranslationOptions):
    fields = tuple(PROJECT_TRANSLATED_FIELDS)
    required_languages = ()


@register(Indicator)
class IndicatorTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ()
