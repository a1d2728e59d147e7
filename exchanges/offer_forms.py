"""Site forms of offers and requests: the language versions side by side, then the common fields."""

from django import forms
from django.conf import settings
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from initiatives.forms import LANGUAGE_CODES
from initiatives.models import Initiative
from network.models import Institution

from .models import COOPERATION_TRANSLATED_FIELDS, CooperationMatch

LOCALIZED_FIELDS = [f"{name}_{code}" for code in LANGUAGE_CODES for name in COOPERATION_TRANSLATED_FIELDS]
COMMON_FIELDS = [
    "country", "institution", "modality", "working_languages", "themes", "populations",
    "duration_months", "available_from", "available_until", "cost_sharing", "cost_sharing_note",
    "initiatives", "status", "contact_name", "contact_email", "contact_phone",
]  # fmt: skip
MAX_DURATION_MONTHS = 120


class CooperationRecordForm(forms.ModelForm):
    """An offer or a request; one language version is enough."""

    working_languages = forms.MultipleChoiceField(
        label=_("Working languages"),
        choices=settings.COOPERATION_WORKING_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
    )
    available_from = forms.DateField(
        label=_("Available from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    available_until = forms.DateField(
        label=_("Available until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    duration_months = forms.IntegerField(
        label=_("Expected duration (months)"), required=False, min_value=1, max_value=MAX_DURATION_MONTHS
    )

    class Meta:
        fields = [*COMMON_FIELDS, *LOCALIZED_FIELDS]
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "populations": forms.CheckboxSelectMultiple,
            **{f"description_{c}": forms.Textarea(attrs={"rows": 6}) for c in LANGUAGE_CODES},
        }

    def __init__(self, *args, country_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = country_choices
        self.fields["institution"].queryset = Institution.objects.filter(country__in=country_choices)
        self.fields["initiatives"].queryset = Initiative.objects.published().order_by("title")
        self.fields["initiatives"].help_text = _("The published initiatives this is based on, if any.")
        self.fields["themes"].required = self.fields["populations"].required = True
        for name in LOCALIZED_FIELDS:
            self.fields[name].required = False

    def language_fieldsets(self):
        for code in LANGUAGE_CODES:
            name = get_language_info(code)["name_local"].capitalize()
            yield code, name, [self[f"{field}_{code}"] for field in COOPERATION_TRANSLATED_FIELDS]

    def common_fields(self):
        return [self[name] for name in COMMON_FIELDS]

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(f"title_{code}") for code in LANGUAGE_CODES):
            self.add_error(None, _("Give the title in at least one language."))
        for code in LANGUAGE_CODES:
            if cleaned.get(f"description_{code}") and not cleaned.get(f"title_{code}"):
                self.add_error(f"title_{code}", _("A language version needs its title."))
        start, end = cleaned.get("available_from"), cleaned.get("available_until")
        if start and end and end < start:
            self.add_error("available_until", _("The end of the period comes before its start."))
        institution, country = cleaned.get("institution"), cleaned.get("country")
        if institution and country and institution.country_id != country.pk:
            self.add_error("institution", _("The institution must belong to the country."))
        return cleaned


def record_form_class(model):
    return forms.modelform_factory(
        model, form=CooperationRecordForm, fields=CooperationRecordForm.Meta.fields
    )


class ReturnForm(forms.Form):
    note = forms.CharField(
        label=_("What must change"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )


class MatchStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[
            (s, label)
            for s, label in CooperationMatch.Status.choices
            if s != CooperationMatch.Status.SUGGESTED
        ],
    )
