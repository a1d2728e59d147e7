"""Public country pages and the focal points' institution editing."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.generic import UpdateView

from core.pagecache import cache_public_page

from . import selectors
from .forms import InstitutionForm
from .models import PAGES_VERSION_KEY, Institution
from .scoping import scope_to_user


@cache_public_page(PAGES_VERSION_KEY)
@require_safe
def country_list(request):
    return render(
        request,
        "network/country_list.html",
        {"subregions": selectors.countries_by_subregion(), "observers": selectors.observer_states()},
    )


class InstitutionUpdateView(LoginRequiredMixin, PermissionRequiredMixin, UpdateView):
    """A focal point keeps its own country's institutions up to date; others get 404."""

    permission_required = "network.change_institution"
    form_class = InstitutionForm
    template_name = "network/institution_form.html"

    def get_queryset(self):
        return scope_to_user(Institution.objects.select_related("country"), self.request.user)

    def form_valid(self, form):
        messages.success(self.request, _("The institution was saved."))
        return super().form_valid(form)

    def get_success_url(self):
        return self.object.country.get_absolute_url()
