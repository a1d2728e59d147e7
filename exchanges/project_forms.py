"""Site forms of cooperation projects: the draft (texts per language, budget, timeline, indicators),
measurements, progress reports and the follow-up questionnaire."""

from django import forms
from django.conf import settings
from django.forms import inlineformset_factory
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from initiatives.forms import DocumentForm
from network.models import Country, Institution

from .models import PROJECT_TRANSLATED_FIELDS, Activity, BudgetLine, FollowUpAnswer, Indicator, Project

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
# The results report is written on completion, not in the draft.
DRAFT_TEXT_FIELDS = [name for name in PROJECT_TRANSLATED_FIELDS if name != "results_report"]
COMMON_FIELDS = [
    "requesting_country", "requesting_institution", "providing_country", "providing_institution",
    "start_date", "end_date",
]  # fmt: skip
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProjectForm(forms.ModelForm):
    """Common fields once, then the texts per language; one language is enough."""

    class Meta:
        model = Project
        fields = [
            *COMMON_FIELDS,
            *[f"{name}_{code}" for code in LANGUAGE_CODES for name in DRAFT_TEXT_FIELDS],
        ]
        widgets = {
            "start_date": DATE_INPUT,
            "end_date": DATE_INPUT,
            **{
                f"{name}_{code}": forms.Textarea(attrs={"rows": 4})
                for code in LANGUAGE_CODES
                for name in DRAFT_TEXT_FIELDS[1:]
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        countries = Country.objects.in_americas()
        for side in ("requesting", "providing"):
            self.fields[f"{side}_country"].queryset = countries
            self.fields[f"{side}_institution"].queryset = Institution.objects.select_related("country")
        for code in LANGUAGE_CODES:
            for name in DRAFT_TEXT_FIELDS:
                self.fields[f"{name}_{code}"].required = False

    def language_fieldsets(self):
        for code in LANGUAGE_CODES:
            name = get_language_info(code)["name_local"].capitalize()
            yield code, name, [self[f"{field}_{code}"] for field in DRAFT_TEXT_FIELDS]

    def common_fields(self):
        return [self[name] for name in COMMON_FIELDS]

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(f"title_{code}") for code in LANGUAGE_CODES):
            self.add_error(None, _("Give the title in at least one language."))
        for side in ("requesting", "providing"):
            institution, country = cleaned.get(f"{side}_institution"), cleaned.get(f"{side}_country")
            if institution and country and institution.country_id != country.pk:
                self.add_error(f"{side}_institution", _("The institution must belong to that country."))
        requesting, providing = cleaned.get("requesting_country"), cleaned.get("providing_country")
        if requesting and providing and requesting == providing:
            self.add_error(
                "providing_country", _("The providing country must differ from the requesting one.")
            )
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end comes after the start."))
        return cleaned


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["title", "starts_on", "ends_on"]
        widgets = {"starts_on": DATE_INPUT, "ends_on": DATE_INPUT}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The end comes after the start."))
        return cleaned


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "unit", "baseline", "target"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("baseline") is not None and cleaned.get("baseline") == cleaned.get("target"):
            self.add_error("target", _("The target must differ from the baseline."))
        return cleaned


BudgetLineFormSet = inlineformset_factory(
    Project,
    BudgetLine,
    fields=["category", "description", "requested_from_fund", "co_financed"],
    extra=2,
    max_num=40,
)
ActivityFormSet = inlineformset_factory(Project, Activity, form=ActivityForm, extra=2, max_num=40)
IndicatorFormSet = inlineformset_factory(Project, Indicator, form=IndicatorForm, extra=1, max_num=20)


class MeasurementForm(forms.Form):
    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=Indicator.objects.none())
    measured_on = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2)
    source = forms.CharField(label=_("Source"), max_length=300, help_text=_("Where the value comes from."))

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = project.indicators.all()


class ProgressReportForm(forms.Form):
    period_end = forms.DateField(label=_("Period covered up to"), widget=DATE_INPUT)
    text = forms.CharField(label=_("Report"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000)


class ReportDocumentForm(DocumentForm):
    """An optional document with the report, checked from its bytes as initiatives' documents are."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = self.fields["file"].required = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("file") and not cleaned.get("title"):
            self.add_error("title", _("Give the document a title."))
        return cleaned


class CompletionForm(forms.Form):
    results_report = forms.CharField(
        label=_("Results report"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20000
    )


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUpAnswer
        fields = ["adopted", "what_changed"]
        widgets = {"adopted": forms.RadioSelect, "what_changed": forms.Textarea(attrs={"rows": 6})}

    email = forms.EmailField(label=_("Your email address"))
