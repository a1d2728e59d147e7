"""Forms of the subscription pages and of the admin's import: input validation only."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from network.models import Country, Theme

from .models import Subscriber

IMPORT_MAX_BYTES = 5 * 1024 * 1024


class InterestsMixin(forms.Form):
    countries = forms.ModelMultipleChoiceField(
        Country.objects.all(),
        label=_("Countries of interest"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        to_field_name="code",
        help_text=_("Optional."),
    )
    themes = forms.ModelMultipleChoiceField(
        Theme.objects.all(),
        label=_("Themes of interest"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        to_field_name="slug",
        help_text=_("Optional."),
    )


class SubscribeForm(InterestsMixin):
    email = forms.EmailField(label=_("Email address"), max_length=254)
    language = forms.ChoiceField(label=_("Language of the bulletin"), choices=settings.LANGUAGES)
    field_order = ["email", "language", "countries", "themes"]


class PreferencesForm(InterestsMixin):
    language = forms.ChoiceField(label=_("Language of the bulletin"), choices=settings.LANGUAGES)
    field_order = ["language", "countries", "themes"]

    @classmethod
    def for_subscriber(cls, subscriber: Subscriber, data=None):
        initial = {
            "language": subscriber.language,
            "countries": list(subscriber.countries.values_list("code", flat=True)),
            "themes": list(subscriber.themes.values_list("slug", flat=True)),
        }
        return cls(data, initial=initial)


class SubscriberImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_(
            "Columns: email, language (es, en, fr or pt), countries (ISO codes separated by semicolons). "
            "Imported addresses receive a confirmation email and get nothing else until they confirm."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Choose a .csv or .xlsx file."))
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload
