"""Reads of offers, requests and matches: the detail pages, the suggestions and their reasons in
words, a country's section, a focal point's own records."""

from django.conf import settings
from django.db.models import Count, Q, QuerySet, prefetch_related_objects
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from network.models import Country, RegionalForum, TargetPopulation, Theme
from network.scoping import may_act_on_country, scope_to_user

from .models import CooperationMatch, CooperationOffer, CooperationRecord, CooperationRequest

MODELS = {"offer": CooperationOffer, "request": CooperationRequest}


def record_for_page(model, pk: int, user) -> CooperationRecord | None:
    """A published record, or any state for those who act on its country; None otherwise."""
    record = model.objects.select_related("country", "institution").filter(pk=pk).first()
    if record is None:
        return None
    if record.is_published or may_act_on_country(user, record.country_id):
        return record
    return None


def visible_matches(record: CooperationRecord) -> QuerySet:
    """The record's pairs that are not declined and whose other side is published, best first."""
    owner, other = ("offer", "request") if isinstance(record, CooperationOffer) else ("request", "offer")
    return (
        CooperationMatch.objects.filter(**{owner: record})
        .exclude(status=CooperationMatch.Status.DECLINED)
        .filter(**{f"{other}__state": CooperationRecord.State.PUBLISHED})
        .select_related(f"{other}__country", "project")  # an agreed pair links the project made from it
        .order_by("-score", "-pk")
    )


def join(names: list[str]) -> str:
    return ", ".join(names)


def explain(reasons: list[dict], terms: dict) -> list[str]:
    """A pair's reasons, one sentence each, in the active language."""
    sentences = []
    for reason in reasons:
        code = reason["code"]
        if code == "themes":
            names = [terms["themes"][i].name for i in reason["ids"] if i in terms["themes"]]
            sentences.append(_("Shared themes: %(names)s.") % {"names": join(names)})
        elif code == "populations":
            names = [terms["populations"][i].name for i in reason["ids"] if i in terms["populations"]]
            sentences.append(_("Same target populations: %(names)s.") % {"names": join(names)})
        elif code == "modality":
            sentences.append(_("Same modality.") if reason.get("same") else _("Compatible modalities."))
        elif code == "languages":
            labels = dict(settings.COOPERATION_WORKING_LANGUAGES)
            names = [str(labels.get(c, c)) for c in reason["codes"]]
            sentences.append(
                ngettext(
                    "A common working language: %(names)s.",
                    "Common working languages: %(names)s.",
                    len(names),
                )
                % {"names": join(names)}
            )
        elif code == "region":
            if reason.get("subregion"):
                sentences.append(_("Both countries are in the same subregion."))
            else:
                names = [
                    terms["forums"][i].acronym or terms["forums"][i].name
                    for i in reason["forums"]
                    if i in terms["forums"]
                ]
                sentences.append(_("Both countries take part in %(names)s.") % {"names": join(names)})
        elif code == "availability":
            sentences.append(_("Their periods of availability overlap."))
        elif code == "text":
            sentences.append(_("Their titles and descriptions use similar words."))
    return sentences


def terms_of(matches: list[CooperationMatch]) -> dict:
    """The themes, populations and forums the reasons name, in three queries."""
    wanted = {"themes": set(), "populations": set(), "forums": set()}
    for match in matches:
        for reason in match.reasons:
            if reason["code"] in ("themes", "populations"):
                wanted[reason["code"]].update(reason["ids"])
            elif reason["code"] == "region":
                wanted["forums"].update(reason.get("forums", []))
    return {
        "themes": Theme.objects.in_bulk(wanted["themes"]),
        "populations": TargetPopulation.objects.in_bulk(wanted["populations"]),
        "forums": RegionalForum.objects.in_bulk(wanted["forums"]),
    }


def suggestions(record: CooperationRecord, user, limit: int | None = None) -> list[CooperationMatch]:
    """The record's pairs with `explanation` (sentences) and `may_move` set, best first."""
    from .offer_services import may_move_match

    matches = list(visible_matches(record)[: limit or settings.MATCHING_TOP_N * 2])
    terms = terms_of(matches)
    for match in matches:
        match.explanation = explain(match.reasons, terms)
        # the owner side is the record itself: no query to know its country
        if isinstance(record, CooperationOffer):
            match.offer = record
        else:
            match.request = record
        match.may_move = user.is_authenticated and may_move_match(user, match)
    return matches


def previewed_suggestions(record: CooperationRecord) -> list[CooperationMatch]:
    """Unsaved pairs of an unpublished record (see matching.preview), shaped like stored ones."""
    from .matching import preview

    scored = preview(record)
    is_offer = isinstance(record, CooperationOffer)
    other_model = CooperationRequest if is_offer else CooperationOffer
    others = other_model.objects.select_related("country").in_bulk(
        [s.request_id if is_offer else s.offer_id for s in scored]
    )
    matches = []
    for s in scored:
        match = CooperationMatch(
            offer_id=s.offer_id, request_id=s.request_id, score=s.score, reasons=s.reasons
        )
        if is_offer:
            match.offer, match.request = record, others[s.request_id]
        else:
            match.offer, match.request = others[s.offer_id], record
        match.may_move = False
        matches.append(match)
    terms = terms_of(matches)
    for match in matches:
        match.explanation = explain(match.reasons, terms)
    return matches


def detail_context(record: CooperationRecord, user) -> dict:
    from .offer_services import may_change_record, may_moderate

    prefetch_related_objects([record], "themes", "populations", "initiatives")
    staff = may_act_on_country(user, record.country_id)
    if record.is_published:
        matches = suggestions(record, user)
    else:  # only its country and the secretariats reach this page
        matches = previewed_suggestions(record) if record.status == record.Status.OPEN else []
    return {
        "record": record,
        "kind": record.kind,
        "matches": matches,
        "may_edit": may_change_record(user, record),
        "may_moderate": may_moderate(user, type(record)),
        "staff": staff,
    }


def country_cooperation(country: Country) -> dict:
    """A country's published offers and requests, for its page."""
    found = {}
    for kind, model in MODELS.items():
        published = model.objects.published().filter(country=country)
        found[kind] = {"total": published.count(), "latest": list(published.order_by("-published_at")[:8])}
    return found


def my_records(user) -> dict:
    """The offers and requests the user may work on, newest change first (at most 200 each)."""
    return {
        kind: list(scope_to_user(model.objects.select_related("country"), user).order_by("-updated_at")[:200])
        for kind, model in MODELS.items()
    }


def cooperation_figures_for_year(year: int) -> dict:
    """Offers and requests first published in `year` counted by country and theme, and the matches
    agreed that year (for the annual bulletin); labels in the active language."""
    offers = CooperationOffer.objects.published().filter(published_at__year=year)
    requests = CooperationRequest.objects.published().filter(published_at__year=year)
    offered, requested = Q(cooperationoffers__in=offers), Q(cooperationrequests__in=requests)

    def tallies(queryset):
        rows = queryset.annotate(
            offers=Count("cooperationoffers", filter=offered, distinct=True),
            requests=Count("cooperationrequests", filter=requested, distinct=True),
        ).filter(Q(offers__gt=0) | Q(requests__gt=0))
        return sorted(rows, key=lambda row: (-(row.offers + row.requests), row.name))

    agreed = (
        CooperationMatch.objects.filter(status=CooperationMatch.Status.AGREED, status_changed_at__year=year)
        .select_related("offer__country", "request__country")
        .order_by("status_changed_at", "pk")
    )
    return {
        "offers": offers.count(),
        "requests": requests.count(),
        "by_country": tallies(Country.objects.all()),
        "by_theme": tallies(Theme.objects.all()),
        "agreed_matches": list(agreed),
    }


def open_requests_without_offer(limit: int = 10) -> tuple[int, list[CooperationRequest]]:
    """Published, open requests that no offer has taken up (no match contacted or agreed): how many,
    and the oldest `limit` of them."""
    taken_up = Q(matches__status__in=[CooperationMatch.Status.CONTACTED, CooperationMatch.Status.AGREED])
    waiting = (
        CooperationRequest.objects.matchable()
        .exclude(pk__in=CooperationRequest.objects.filter(taken_up).values("pk"))
        .select_related("country")
        .order_by("published_at", "pk")
    )
    return waiting.count(), list(waiting[:limit])
