"""Which bulletin fields are translated (django-modeltranslation): the secretariat's texts."""

from modeltranslation.translator import TranslationOptions, register

from .models import Bulletin


@register(Bulletin)
class BulletinTranslation(TranslationOptions):
    fields = ("introduction", "outlook")
    required_languages = ()
