"""Site forms of the network app (input validation only)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Institution


class InstitutionForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Institution
        fields = ["name", "acronym", "kind", "website"]
