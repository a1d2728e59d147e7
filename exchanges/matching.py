"""Matching offers and requests: the score of a pair and its reasons, computed in one place.

`score_pair` is the definition. A request and an offer are candidates when they come from different
countries and share at least a theme or a target population. Each record keeps its best
`MATCHING_TOP_N` pairs scoring at least `MATCHING_MIN_SCORE`; the pairs stored are the union of
what each side keeps, so a pair may be shown because it is among the offer's best.

Two ways to compute:
- one record (`match_record`, on every save, through a Celery task): its profile against every
  open offer (or request) in memory, a few thousand set operations;
- everything (`recompute_all`, the `recompute_matches` command): every offer against every request
  as arrays (NumPy, matching_arrays.py) on the structural part of the score (everything except
  similar text), keeping the best few per record, so that Python scores only those one by one.
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import CooperationMatch, CooperationOffer, CooperationRecord, CooperationRequest, Modality

THEME_POINTS, THEMES_MAX = 15, 30
POPULATION_POINTS, POPULATIONS_MAX = 10, 20
SAME_MODALITY, COMPATIBLE_MODALITY = 15, 8
LANGUAGE_POINTS = 10
REGION_POINTS = 10
AVAILABILITY_POINTS = 10
TEXT_MAX = 5

# Modalities that serve each other's purpose (a training answers a request for technical assistance).
COMPATIBLE_PAIRS = {
    (Modality.TECHNICAL_ASSISTANCE, Modality.EXPERT_MISSION),
    (Modality.TECHNICAL_ASSISTANCE, Modality.TRAINING),
    (Modality.TECHNICAL_ASSISTANCE, Modality.DOCUMENT_EXCHANGE),
    (Modality.EXPERT_MISSION, Modality.TRAINING),
    (Modality.STUDY_VISIT, Modality.TRAINING),
    (Modality.DOCUMENT_EXCHANGE, Modality.JOINT_RESEARCH),
}
COMPATIBLE = {frozenset((str(a), str(b))) for a, b in COMPATIBLE_PAIRS}
WORD = re.compile(r"\w{4,}")


@dataclass(frozen=True)
class Profile:
    """What matching reads of an offer or a request."""

    pk: int
    country_id: int
    subregion: str
    forums: frozenset
    themes: frozenset
    populations: frozenset
    modality: str
    languages: frozenset
    available_from: date | None
    available_until: date | None
    words: frozenset


def words_of(*texts: str) -> frozenset:
    return frozenset(word.casefold() for text in texts for word in WORD.findall(text or ""))


MODALITY_POINTS = {
    (str(a), str(b)): SAME_MODALITY
    if a == b
    else COMPATIBLE_MODALITY
    if frozenset((str(a), str(b))) in COMPATIBLE
    else 0
    for a in Modality
    for b in Modality
}


def modality_points(a: str, b: str) -> int:
    return MODALITY_POINTS.get((a, b), 0)


def periods_overlap(a: Profile, b: Profile) -> bool:
    """Both sides gave a period (at least one bound) and the periods meet; an open bound is unbounded."""
    if not (a.available_from or a.available_until) or not (b.available_from or b.available_until):
        return False
    starts_before_b_ends = (
        not a.available_from or not b.available_until or a.available_from <= b.available_until
    )
    b_starts_before_a_ends = (
        not b.available_from or not a.available_until or b.available_from <= a.available_until
    )
    return starts_before_b_ends and b_starts_before_a_ends


def is_candidate(offer: Profile, request: Profile) -> bool:
    return offer.country_id != request.country_id and bool(
        offer.themes & request.themes or offer.populations & request.populations
    )


def text_points(a: frozenset, b: frozenset) -> int:
    shared = len(a & b)
    if not shared:
        return 0
    return min(TEXT_MAX, round(2 * TEXT_MAX * shared / (len(a) + len(b) - shared)))


def pair_points(offer: Profile, request: Profile) -> int:
    """`score_pair`'s score alone, without building the reasons: what ranking thousands of pairs needs."""
    points = min(THEMES_MAX, THEME_POINTS * len(offer.themes & request.themes))
    points += min(POPULATIONS_MAX, POPULATION_POINTS * len(offer.populations & request.populations))
    points += MODALITY_POINTS.get((offer.modality, request.modality), 0)
    if offer.languages & request.languages:
        points += LANGUAGE_POINTS
    if (offer.subregion and offer.subregion == request.subregion) or offer.forums & request.forums:
        points += REGION_POINTS
    if periods_overlap(offer, request):
        points += AVAILABILITY_POINTS
    return points + text_points(offer.words, request.words)


def score_pair(offer: Profile, request: Profile) -> tuple[int, list[dict]]:
    """The pair's score out of 100 and its reasons as data (the page words them)."""
    reasons = []

    def add(code, points, **data):
        if points:
            reasons.append({"code": code, "points": points, **data})

    themes = sorted(offer.themes & request.themes)
    add("themes", min(THEMES_MAX, THEME_POINTS * len(themes)), ids=themes)
    populations = sorted(offer.populations & request.populations)
    add("populations", min(POPULATIONS_MAX, POPULATION_POINTS * len(populations)), ids=populations)
    add(
        "modality", modality_points(offer.modality, request.modality), same=offer.modality == request.modality
    )
    languages = sorted(offer.languages & request.languages)
    add("languages", LANGUAGE_POINTS if languages else 0, codes=languages)
    same_subregion = bool(offer.subregion) and offer.subregion == request.subregion
    forums = sorted(offer.forums & request.forums)
    add("region", REGION_POINTS if same_subregion or forums else 0, subregion=same_subregion, forums=forums)
    add("availability", AVAILABILITY_POINTS if periods_overlap(offer, request) else 0)
    add("text", text_points(offer.words, request.words))
    return sum(reason["points"] for reason in reasons), reasons


# --- profiles -----------------------------------------------------------------------------------


def load_profiles(model, ids=None, *, matchable_only: bool = True) -> dict[int, Profile]:
    """Profiles of the matchable records of `model` (all, or those of `ids`), in five queries."""
    records = (model.objects.matchable() if matchable_only else model.objects.all()).select_related("country")
    if ids is not None:
        records = records.filter(pk__in=list(ids))
    rows = list(
        records.values_list(
            "pk", "country_id", "country__subregion", "modality", "working_languages",
            "available_from", "available_until", *[f"title_{c}" for c, _n in settings.LANGUAGES],
            *[f"description_{c}" for c, _n in settings.LANGUAGES],
        )
    )  # fmt: skip
    pks = [row[0] for row in rows]
    themes = related_ids(model.themes.through, model, "theme_id", pks)
    populations = related_ids(model.populations.through, model, "targetpopulation_id", pks)
    countries = {row[1] for row in rows}
    forums = defaultdict(set)
    for country_id, forum_id in CooperationOffer.country.field.related_model.forums.through.objects.filter(
        country_id__in=countries
    ).values_list("country_id", "regionalforum_id"):
        forums[country_id].add(forum_id)
    return {
        row[0]: Profile(
            pk=row[0],
            country_id=row[1],
            subregion=row[2] or "",
            forums=frozenset(forums[row[1]]),
            themes=frozenset(themes[row[0]]),
            populations=frozenset(populations[row[0]]),
            modality=row[3],
            languages=frozenset(row[4] or []),
            available_from=row[5],
            available_until=row[6],
            words=words_of(*row[7:]),
        )
        for row in rows
    }


def related_ids(through, model, column: str, pks: list[int]) -> dict[int, set]:
    owner = f"{model._meta.model_name}_id"
    found = defaultdict(set)
    for start in range(0, len(pks), 5000):  # bounded IN lists
        chunk = pks[start : start + 5000]
        for owner_id, term_id in through.objects.filter(**{f"{owner}__in": chunk}).values_list(owner, column):
            found[owner_id].add(term_id)
    return found


def other_side(model):
    return CooperationRequest if model is CooperationOffer else CooperationOffer


# --- keeping the best pairs -----------------------------------------------------------------------


@dataclass(frozen=True)
class Scored:
    offer_id: int
    request_id: int
    score: int
    reasons: list


def best_for(profile: Profile, candidates, *, as_offer: bool) -> list[Scored]:
    """The record's best pairs among `candidates` (profiles of the other side), with their reasons."""
    ranked = []
    for other in candidates:
        offer, request = (profile, other) if as_offer else (other, profile)
        if is_candidate(offer, request):
            points = pair_points(offer, request)
            if points >= settings.MATCHING_MIN_SCORE:
                ranked.append((-points, -other.pk, offer, request))
    ranked.sort(key=lambda row: row[:2])
    return [scored(offer, request) for _p, _id, offer, request in ranked[: settings.MATCHING_TOP_N]]


def scored(offer: Profile, request: Profile) -> Scored:
    points, reasons = score_pair(offer, request)
    return Scored(offer.pk, request.pk, points, reasons)


def preview(record: CooperationRecord) -> list[Scored]:
    """What the record would be paired with once published, computed now and stored nowhere: its
    country's focal points see it on the page of a draft or a submitted record."""
    model = type(record)
    profile = load_profiles(model, [record.pk], matchable_only=False)[record.pk]
    return best_for(profile, load_profiles(other_side(model)).values(), as_offer=model is CooperationOffer)


@dataclass
class MatchingReport:
    created: int = 0
    updated: int = 0
    removed: int = 0
    notified: int = 0


def match_record(record: CooperationRecord, *, notify: bool = True) -> MatchingReport:
    """Recompute the suggestions of one offer or request (after it was saved); emails the focal
    points of both sides about new pairs above the notification threshold."""
    model = type(record)
    as_offer = model is CooperationOffer
    owner = "offer_id" if as_offer else "request_id"
    report = MatchingReport()
    with transaction.atomic():
        profile = load_profiles(model, [record.pk]).get(record.pk)
        kept = []
        if profile is not None:
            kept = best_for(profile, load_profiles(other_side(model)).values(), as_offer=as_offer)
        existing = {
            (m.offer_id, m.request_id): m
            for m in CooperationMatch.objects.select_for_update().filter(**{owner: record.pk})
        }
        wanted = {(s.offer_id, s.request_id) for s in kept}
        stale = [m.pk for key, m in existing.items() if key not in wanted and m.status == m.Status.SUGGESTED]
        report.removed = CooperationMatch.objects.filter(pk__in=stale).delete()[0]
        for scored in kept:
            match = existing.get((scored.offer_id, scored.request_id))
            if match is None:
                match, created = CooperationMatch.objects.get_or_create(
                    offer_id=scored.offer_id,
                    request_id=scored.request_id,
                    defaults={"score": scored.score, "reasons": scored.reasons},
                )
                if created:
                    report.created += 1
                    if notify and scored.score >= settings.MATCHING_NOTIFY_SCORE:
                        from .offer_notifications import queue_new_match_notice

                        report.notified += bool(queue_new_match_notice(match))
                    continue
            if match.status != match.Status.DECLINED and (match.score, match.reasons) != (
                scored.score,
                scored.reasons,
            ):
                match.score, match.reasons = scored.score, scored.reasons
                match.save(update_fields=["score", "reasons", "updated_at"])
                report.updated += 1
    return report


def recompute_all() -> MatchingReport:
    """Recompute every suggestion from scratch (no emails: new pairs are announced on save only).

    Declined, contacted and agreed pairs are kept as they are; suggested pairs no record keeps any
    more are removed."""
    from .matching_arrays import candidate_pairs

    offers = load_profiles(CooperationOffer)
    requests = load_profiles(CooperationRequest)
    depth = settings.MATCHING_TOP_N * 3
    pairs = candidate_pairs(offers, requests, depth, settings.MATCHING_MIN_SCORE)
    by_offer, by_request = defaultdict(list), defaultdict(list)
    for offer_id, request_id in pairs:
        offer, request = offers[offer_id], requests[request_id]
        points = pair_points(offer, request)
        if points >= settings.MATCHING_MIN_SCORE:
            by_offer[offer_id].append((-points, -request_id, offer_id, request_id))
            by_request[request_id].append((-points, -offer_id, offer_id, request_id))
    chosen = set()
    for groups in (by_offer, by_request):
        for rows in groups.values():
            rows.sort()
            chosen.update((o, r) for _p, _id, o, r in rows[: settings.MATCHING_TOP_N])
    kept = {(o, r): scored(offers[o], requests[r]) for o, r in chosen}
    return store_all(kept)


def store_all(kept: dict) -> MatchingReport:
    report = MatchingReport()
    with transaction.atomic():
        existing = {
            (o, r): (pk, status, score)
            for pk, o, r, status, score in CooperationMatch.objects.values_list(
                "pk", "offer_id", "request_id", "status", "score"
            )
        }
        stale = [
            pk
            for key, (pk, status, _score) in existing.items()
            if key not in kept and status == CooperationMatch.Status.SUGGESTED
        ]
        for start in range(0, len(stale), 5000):
            report.removed += CooperationMatch.objects.filter(pk__in=stale[start : start + 5000]).delete()[0]
        new = [
            CooperationMatch(offer_id=s.offer_id, request_id=s.request_id, score=s.score, reasons=s.reasons)
            for key, s in kept.items()
            if key not in existing
        ]
        CooperationMatch.objects.bulk_create(new, batch_size=2000, ignore_conflicts=True)
        report.created = len(new)
        now = timezone.now()
        changed = []
        for key, scored in kept.items():
            if key in existing:
                pk, status, score = existing[key]
                if status != CooperationMatch.Status.DECLINED and score != scored.score:
                    changed.append(
                        CooperationMatch(pk=pk, score=scored.score, reasons=scored.reasons, updated_at=now)
                    )
        CooperationMatch.objects.bulk_update(changed, ["score", "reasons", "updated_at"], batch_size=2000)
        report.updated = len(changed)
    return report
