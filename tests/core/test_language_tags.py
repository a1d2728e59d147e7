"""The language a translated text is shown in, and the lang attribute that marks a fallback."""

from django.template import Context, Template
from django.utils import translation

from core.languages import fallback_language, in_language, shown_language
from meetings.models import Meeting


def meeting(**texts) -> Meeting:
    return Meeting(**{f"title_{code}": texts.get(code, "") for code in ("es", "en", "fr", "pt")})


def test_the_shown_language_follows_modeltranslations_fallback_order():
    only_french = meeting(fr="Réunion", pt="Reunião")

    assert shown_language(only_french, "title", "en") == "fr"
    assert shown_language(meeting(es="Reunión", en="Meeting"), "title", "fr") == "es"
    assert shown_language(meeting(es="Reunión", en="Meeting"), "title", "en") == "en"
    assert shown_language(meeting(), "title", "en") == "en"


def test_a_fallback_language_is_only_named_when_it_differs_from_the_wanted_one():
    assert fallback_language(meeting(es="Reunión"), "title", "en") == "es"
    assert fallback_language(meeting(es="Reunión"), "title", "es") == ""
    assert fallback_language(meeting(), "title", "en") == ""


def test_in_language_reads_texts_by_code_in_the_same_order():
    assert in_language({"es": "Hola", "en": ""}, "en") == ("Hola", "es")
    assert in_language({"en": "Hi"}, "en") == ("Hi", "en")
    assert in_language({}, "fr") == ("", "fr")


def render(template: str, **context) -> str:
    return Template("{% load language_tags %}" + template).render(Context(context))


def test_the_filter_writes_lang_for_a_fallback_only():
    template = '<h1{{ m|lang_attr:"title" }}>{{ m.title }}</h1>'

    with translation.override("en"):
        assert render(template, m=meeting(es="Sólo <español>")) == '<h1 lang="es">Sólo &lt;español&gt;</h1>'
        assert render(template, m=meeting(es="Reunión", en="Meeting")) == "<h1>Meeting</h1>"
        assert render(template, m=None) == "<h1></h1>"
        assert render(template, m=object()) == "<h1></h1>"
    with translation.override("es"):
        assert render(template, m=meeting(es="Reunión")) == "<h1>Reunión</h1>"
