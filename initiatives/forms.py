"""Site forms of initiatives: the four language versions side by side, links, references, documents."""

from django import forms
from django.conf import settings
from django.db.models import Case, IntegerField, QuerySet, When
from django.forms import inlineformset_factory
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from core.documents import DocumentField
from network.models import Country, Institution
from network.selectors import alphabetical

from .models import TRANSLATED_TEXT_FIELDS, Initiative, InitiativeLink, SystemReference

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
LOCALIZED_FIELDS = [f"{name}_{code}" for code in LANGUAGE_CODES for name in TRANSLATED_TEXT_FIELDS]
COMMON_FIELDS = [
    "lead_country", "lead_institution", "kind", "scope", "status", "start_year", "end_year",
    "partner_countries", "partner_organisations", "themes", "populations", "gcm_objectives",
    "budget", "currency", "funding_sources", "contact_name", "contact_email", "contact_phone",
]  # fmt: skip


def countries_by_name(countries: QuerySet) -> QuerySet:
    """The countries ordered by their name in the active language, accents ignored, as elsewhere.

    The database collation may not know the language, so the order is computed here and handed
    back as a queryset, which a ModelMultipleChoiceField needs.
    """
    ordered = sorted(countries, key=lambda country: alphabetical(country.name))
    position = Case(*(When(pk=c.pk, then=i) for i, c in enumerate(ordered)), output_field=IntegerField())
    return countries.order_by(position)


class InitiativeForm(forms.ModelForm):
    """Common fields once, then the translated fields per language; one language is enough."""

    class Meta:
        model = Initiative
        fields = [*COMMON_FIELDS, *LOCALIZED_FIELDS]
        widgets = {
            "partner_countries": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
            "populations": forms.CheckboxSelectMultiple,
            "gcm_objectives": forms.CheckboxSelectMultiple,
            **{f"summary_{c}": forms.Textarea(attrs={"rows": 3}) for c in LANGUAGE_CODES},
            **{
                f"{name}_{c}": forms.Textarea(attrs={"rows": 5})
                for c in LANGUAGE_CODES
                for name in TRANSLATED_TEXT_FIELDS[2:]
            },
        }

    def __init__(self, *args, country_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_country"].queryset = country_choices
        self.fields["lead_institution"].queryset = Institution.objects.filter(country__in=country_choices)
        self.fields["partner_countries"].queryset = countries_by_name(Country.objects.in_americas())
        self.fields["themes"].required = self.fields["populations"].required = True
        for code in LANGUAGE_CODES:
            for name in TRANSLATED_TEXT_FIELDS:
                self.fields[f"{name}_{code}"].required = False

    def language_fieldsets(self):
        """(language code, language name, bound fields) for the template's side-by-side versions."""
        for code in LANGUAGE_CODES:
            name = get_language_info(code)["name_local"].capitalize()
            yield code, name, [self[f"{field}_{code}"] for field in TRANSLATED_TEXT_FIELDS]

    def common_fields(self):
        return [self[name] for name in COMMON_FIELDS]

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(f"title_{code}") for code in LANGUAGE_CODES):
            # Added, not raised: the checks below still run, so one submit shows every error.
            self.add_error(None, _("Give the title in at least one language."))
        for code in LANGUAGE_CODES:
            has_text = any(cleaned.get(f"{name}_{code}") for name in TRANSLATED_TEXT_FIELDS[1:])
            if has_text and not cleaned.get(f"title_{code}"):
                self.add_error(f"title_{code}", _("A language version needs its title."))
        institution, country = cleaned.get("lead_institution"), cleaned.get("lead_country")
        if institution and country and institution.country_id != country.pk:
            self.add_error("lead_institution", _("The institution must belong to the lead country."))
        return cleaned


class LinkForm(forms.ModelForm):
    url = forms.URLField(label=_("address"), max_length=500, assume_scheme="https")

    class Meta:
        model = InitiativeLink
        fields = ["title", "url"]


class SystemReferenceForm(forms.ModelForm):
    url = forms.URLField(label=_("address"), max_length=500, required=False, assume_scheme="https")

    class Meta:
        model = SystemReference
        fields = ["system", "identifier", "url"]


LinkFormSet = inlineformset_factory(Initiative, InitiativeLink, form=LinkForm, extra=1, max_num=20)
SystemReferenceFormSet = inlineformset_factory(
    Initiative, SystemReference, form=SystemReferenceForm, extra=1, max_num=20
)


class DocumentForm(forms.Form):
    """A titled document; its file is checked from its bytes (`core.documents`)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    file = DocumentField(label=_("File"))


class ReturnForm(forms.Form):
    note = forms.CharField(
        label=_("What must change"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )


def country_code_choices(blank_label) -> list[tuple[str, str]]:
    countries = sorted(Country.objects.in_americas(), key=lambda country: alphabetical(country.name))
    return [("", blank_label), *((country.slug, country.name) for country in countries)]


class QueryFilterForm(forms.Form):
    """A list's filters from the query string: a bad value is a message on its field, never a 500."""

    def __init__(self, data, **kwargs):
        # An empty query string is an unfiltered list, not a form with "required" errors.
        super().__init__(data if data else None, **kwargs)
        self.fields["country"] = forms.ChoiceField(
            label=_("Country"), required=False, choices=country_code_choices(_("All countries"))
        )
        self.order_fields(self.field_order)

    def filters(self) -> dict:
        """The valid filters; the invalid ones are left out (their fields say why)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in ("", None)}


class TranslationDeskForm(QueryFilterForm):
    language = forms.ChoiceField(label=_("Missing in"), required=False, choices=settings.LANGUAGES)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Initiative.Kind.choices]
    )
    field_order = ["language", "country", "kind"]


class DeskForm(QueryFilterForm):
    """Search and filters of "My initiatives"."""

    q = forms.CharField(label=_("Title contains"), required=False, max_length=100)
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All states")), *Initiative.State.choices]
    )
    field_order = ["q", "country", "state"]


class TranslationForm(forms.Form):
    """The texts of one language version of a record, and nothing else of it."""

    def __init__(self, data=None, *, initiative: Initiative, language: str, names: list[str]):
        super().__init__(data)
        for name in names:
            model_field = Initiative._meta.get_field(f"{name}_{language}")
            field = model_field.formfield(required=name == "title")
            field.label = str(Initiative._meta.get_field(name).verbose_name).capitalize()
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 6
            field.widget.attrs["lang"] = language
            field.initial = getattr(initiative, f"{name}_{language}") or ""
            self.fields[name] = field

    def clean(self):
        cleaned = super().clean()
        # What a blank field means: "not translated", stored as the empty text like everywhere else.
        return {name: (value or "").strip() for name, value in cleaned.items()}
