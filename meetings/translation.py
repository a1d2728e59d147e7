"""Which meeting fields are translated (django-modeltranslation): es, en, fr, pt."""

from modeltranslation.translator import TranslationOptions, register

from .models import Meeting, Session


@register(Meeting)
class MeetingTranslation(TranslationOptions):
    fields = ("title", "description", "outcomes")
    required_languages = ()


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("title",)
    required_languages = ()
