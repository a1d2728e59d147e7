"""URLconf of the search benchmark: the project's URLs plus two reference views.

- /es/bench-trivial/ returns "ok": the cost of the framework and middleware alone (the floor).
- /es/bench-naive/ is the search as a naive implementation would write it (the ceiling):
  icontains over every translated text column, facets as joins, one COUNT query per facet value.
"""

from django.conf.urls.i18n import i18n_patterns
from django.db.models import Q
from django.http import HttpResponse
from django.urls import path
from django.utils.html import format_html

from initiatives.models import TRANSLATED_TEXT_FIELDS, Initiative
from network.models import Country, TargetPopulation, Theme
from ricomi.urls import urlpatterns as project_urlpatterns

LANGUAGE_CODES = ["es", "en", "fr", "pt"]
PAGE_SIZE = 20


def trivial(request):
    return HttpResponse("ok")


def naive_matches(params) -> tuple[str, object]:
    """Published initiatives containing the query in any text field of any language, faceted."""
    results = Initiative.objects.filter(state=Initiative.State.PUBLISHED)
    query = params.get("q", "").strip()
    if query:
        condition = Q()
        for field in TRANSLATED_TEXT_FIELDS:
            for code in LANGUAGE_CODES:
                condition |= Q(**{f"{field}_{code}__icontains": query})
        results = results.filter(condition)
    if codes := params.getlist("country"):
        results = results.filter(lead_country__code__in=[code.upper() for code in codes])
    if slugs := params.getlist("theme"):
        results = results.filter(themes__slug__in=slugs).distinct()
    if slugs := params.getlist("population"):
        results = results.filter(populations__slug__in=slugs).distinct()
    return query, results


def naive_search(request):
    query, results = naive_matches(request.GET)
    facets = {
        "country": [(c.name, results.filter(lead_country=c).count()) for c in Country.objects.in_americas()],
        "theme": [(t.name, results.filter(themes=t).count()) for t in Theme.objects.all()],
        "population": [
            (p.name, results.filter(populations=p).count()) for p in TargetPopulation.objects.all()
        ],
        "kind": [(label, results.filter(kind=value).count()) for value, label in Initiative.Kind.choices],
    }
    total = results.count()
    page = results.select_related("lead_country").order_by("-published_at", "-pk")[:PAGE_SIZE]
    parts = [format_html("<h1>{} initiatives matching: {}</h1><ol>", total, query)]
    parts += [
        format_html(
            '<li><a href="{}">{}</a> {} {}<p>{}</p></li>',
            initiative.get_absolute_url(),
            initiative.title,
            initiative.lead_country.name,
            initiative.start_year,
            initiative.summary,
        )
        for initiative in page
    ]
    parts.append("</ol>")
    for facet, values in facets.items():
        parts.append(format_html("<h2>{}</h2><ul>", facet))
        parts += [format_html("<li>{} ({})</li>", label, count) for label, count in values]
        parts.append("</ul>")
    return HttpResponse("".join(parts))


urlpatterns = [
    *i18n_patterns(
        path("bench-trivial/", trivial, name="bench_trivial"),
        path("bench-naive/", naive_search, name="bench_naive"),
        prefix_default_language=True,
    ),
    *project_urlpatterns,
]
