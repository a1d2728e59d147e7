"""Every change of state of offers, requests and their matches: writing, moderation, pair status.

The admin, the site's forms, the Celery tasks and the demo data all call these functions.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from network.scoping import acts_for_all_countries, ensure_may_write, may_write

from .catalogues import refresh_search_index
from .models import CooperationMatch, CooperationOffer, CooperationRecord, CooperationRequest

State = CooperationRecord.State
MatchStatus = CooperationMatch.Status

# Moderation: the country's focal points submit, the secretariat publishes or returns.
TRANSITIONS = {
    (State.DRAFT, State.SUBMITTED): False,
    (State.RETURNED, State.SUBMITTED): False,
    (State.SUBMITTED, State.PUBLISHED): True,
    (State.SUBMITTED, State.RETURNED): True,
    (State.PUBLISHED, State.RETURNED): True,
}
# Both sides move a pair forward; an agreed or declined pair is settled.
MATCH_TRANSITIONS = {
    MatchStatus.SUGGESTED: {MatchStatus.CONTACTED, MatchStatus.AGREED, MatchStatus.DECLINED},
    MatchStatus.CONTACTED: {MatchStatus.AGREED, MatchStatus.DECLINED},
    MatchStatus.AGREED: set(),
    MatchStatus.DECLINED: set(),
}
MATCH_PERMISSION = "exchanges.change_cooperationmatch"


def permission(model, action: str) -> str:
    return f"exchanges.{action}_{model._meta.model_name}"


def may_moderate(user, model) -> bool:
    return user.has_perm(permission(model, "moderate")) and acts_for_all_countries(user)


def may_change_record(user, record: CooperationRecord) -> bool:
    return may_write(user, record.country_id, permission(type(record), "change"))


def schedule_matching(record: CooperationRecord) -> None:
    """Once committed: refresh the record's search columns and recompute its suggestions (Celery)."""
    from .offer_tasks import match_record_task

    model, pk = type(record), record.pk
    transaction.on_commit(lambda: refresh_search_index(model, [pk]))
    transaction.on_commit(lambda: match_record_task.delay(model.kind, pk))


@transaction.atomic
def save_record(record: CooperationRecord, *, by, m2m: dict | None = None) -> CooperationRecord:
    """Create or update an offer or request of a country the user may write for."""
    model = type(record)
    creating = record.pk is None
    if not creating:  # the stored country decides, not the one being written
        ensure_may_write(
            by,
            model.objects.values_list("country_id", flat=True).get(pk=record.pk),
            permission(model, "change"),
        )
    ensure_may_write(by, record.country_id, permission(model, "add" if creating else "change"))
    if creating:
        record.created_by = by
    record.full_clean(exclude=["search_vector", "search_rank", "search_titles", "facet_keys"])
    record.save()
    for name, values in (m2m or {}).items():
        getattr(record, name).set(values)
    schedule_matching(record)
    return record


@transaction.atomic
def change_state(record: CooperationRecord, to_state: str, *, by, note: str = "") -> CooperationRecord:
    """Move an offer or request through moderation; illegal moves and missing notes are refused."""
    model = type(record)
    record = model.objects.select_for_update().get(pk=record.pk)
    needs_secretariat = TRANSITIONS.get((record.state, to_state))
    if needs_secretariat is None:
        raise ValidationError(
            _("This record cannot go from “%(from)s” to “%(to)s”.")
            % {"from": record.get_state_display(), "to": State(to_state).label}
        )
    if needs_secretariat and not may_moderate(by, model):
        raise PermissionDenied
    ensure_may_write(by, record.country_id, permission(model, "moderate" if needs_secretariat else "change"))
    if to_state == State.RETURNED and not note.strip():
        raise ValidationError(_("Say what must change: a note is required to return a record."))
    record.state = to_state
    if to_state == State.PUBLISHED:
        record.mark_published()
    if note.strip() or to_state == State.PUBLISHED:
        record.moderation_note = note.strip()
    record.save(update_fields=["state", "published_at", "moderation_note", "updated_at"])
    schedule_matching(record)
    return record


def may_move_match(user, match: CooperationMatch) -> bool:
    """The focal points of either side's country, and the technical secretariat."""
    return any(
        may_write(user, country_id, MATCH_PERMISSION)
        for country_id in (match.offer.country_id, match.request.country_id)
    )


@transaction.atomic
def set_match_status(match: CooperationMatch, to_status: str, *, by) -> CooperationMatch:
    """Move a suggested pair on (contacted, agreed, declined); a declined pair never comes back."""
    match = CooperationMatch.objects.select_for_update().select_related("offer", "request").get(pk=match.pk)
    if not may_move_match(by, match):
        raise PermissionDenied
    if to_status not in MATCH_TRANSITIONS.get(match.status, set()):
        raise ValidationError(
            _("This pair cannot go from “%(from)s” to “%(to)s”.")
            % {"from": match.get_status_display(), "to": dict(MatchStatus.choices).get(to_status, to_status)}
        )
    match.status = to_status
    match.status_changed_at = timezone.now()
    match.status_changed_by = by
    match.save(update_fields=["status", "status_changed_at", "status_changed_by", "updated_at"])
    return match


MODELS = {"offer": CooperationOffer, "request": CooperationRequest}
