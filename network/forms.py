"""Site forms of the network app (input validation only)."""

from django import forms

from .models import Institution


class InstitutionForm(forms.ModelForm):
    class Meta:
        model = Institution
        fields = ["name", "acronym", "kind", "website"]
