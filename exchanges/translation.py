"""Which exchanges fields are translated (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import COOPERATION_TRANSLATED_FIELDS, CooperationOffer, CooperationRequest


@register(CooperationOffer)
class CooperationOfferTranslation(TranslationOptions):
    fields = tuple(COOPERATION_TRANSLATED_FIELDS)
    required_languages = ()


@register(CooperationRequest)
class CooperationRequestTranslation(TranslationOptions):
    fields = tuple(COOPERATION_TRANSLATED_FIELDS)
    required_languages = ()
