"""Forms of the meetings pages: input validation only; the services do the writing."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from network.models import Country

from .models import Registration
from .models.costs import Category
from .services import REGISTRATION_FIELDS

NOT_NEGATIVE = {"min_value": _("A cost cannot be negative.")}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class RegistrationForm(forms.ModelForm):
    """A delegate, as a focal point registers them (the secretariat also picks the country)."""

    country = forms.ModelChoiceField(queryset=Country.objects.none(), label=_("Country"), required=False)

    class Meta:
        model = Registration
        fields = REGISTRATION_FIELDS
        widgets = {"arrival_on": DateInput(), "departure_on": DateInput()}

    def __init__(self, *args, countries=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["country", *REGISTRATION_FIELDS])
        if countries is None:
            del self.fields["country"]
        else:
            self.fields["country"].queryset = countries
            self.fields["country"].required = True
        for name in ("arrival_on", "departure_on"):
            self.fields[name].help_text = _("Needed for the per diem of a funded delegate.")

    def clean(self):
        data = super().clean()
        arrival, departure = data.get("arrival_on"), data.get("departure_on")
        if arrival and departure and departure < arrival:
            self.add_error("departure_on", _("The departure cannot be before the arrival."))
        return data

    def _post_clean(self):
        """Nothing here: the model's own checks (meeting, country, constraints) run in the
        service, under the meeting's lock."""

    def registration_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in REGISTRATION_FIELDS}


class DecisionForm(forms.Form):
    DECISIONS = [
        ("approve", _("Approve, not funded")),
        ("approve_funded", _("Approve and fund")),
        ("decline", _("Decline")),
        ("withdraw", _("Withdraw")),
        *Registration.Attendance.choices,
    ]
    decision = forms.ChoiceField(choices=DECISIONS)


class TravelForm(forms.Form):
    itinerary = forms.CharField(
        label=_("Itinerary"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000,
        help_text=_("Flights or other legs, with dates and times."),
    )  # fmt: skip
    ticket_cost = forms.DecimalField(
        label=_("Ticket cost (USD)"),
        min_value=Decimal(0),
        max_digits=10,
        decimal_places=2,
        error_messages=NOT_NEGATIVE,
    )


class BudgetForm(forms.Form):
    """Budget (required) and actual cost (once known) of each category."""

    def __init__(self, *args, lines=None, **kwargs):
        super().__init__(*args, **kwargs)
        lines = lines or {}
        for category in Category:
            line = lines.get(category.value)
            self.fields[f"budget_{category.value}"] = forms.DecimalField(
                label=_("Budget"), min_value=Decimal(0), max_digits=12, decimal_places=2,
                initial=line.budget if line else Decimal(0), error_messages=NOT_NEGATIVE,
            )  # fmt: skip
            self.fields[f"actual_{category.value}"] = forms.DecimalField(
                label=_("Actual cost"), min_value=Decimal(0), max_digits=12,
                decimal_places=2, required=False, initial=line.actual if line else None,
                error_messages=NOT_NEGATIVE,
            )  # fmt: skip

    def lines(self) -> dict[str, dict]:
        return {
            c.value: {
                "budget": self.cleaned_data[f"budget_{c.value}"],
                "actual": self.cleaned_data[f"actual_{c.value}"],
            }
            for c in Category
        }

    def rows(self):
        """(category label, budget field, actual field) per category, for a compact layout."""
        return [(c.label, self[f"budget_{c.value}"], self[f"actual_{c.value}"]) for c in Category]
