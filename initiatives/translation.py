"""Which initiative fields are translated (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import TRANSLATED_TEXT_FIELDS, Initiative


@register(Initiative)
class InitiativeTranslation(TranslationOptions):
    fields = tuple(TRANSLATED_TEXT_FIELDS)
    required_languages = ()
