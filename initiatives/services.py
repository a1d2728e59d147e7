"""Every change of state of initiatives: writing, the publication workflow, verification, reminders.

The admin, the site's forms and the Celery tasks all call these functions.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from network.scoping import acts_for_all_countries, ensure_may_act_on_country

from .models import Initiative, InitiativeDocument, StateChange, Verification
from .notifications import queue_state_change_notice
from .search import refresh_search_index

State = Initiative.State

# Which transitions exist, and whether they need the secretariat (True) or the country's focal point.
TRANSITIONS = {
    (State.DRAFT, State.SUBMITTED): False,
    (State.RETURNED, State.SUBMITTED): False,
    (State.SUBMITTED, State.PUBLISHED): True,
    (State.SUBMITTED, State.RETURNED): True,
    (State.PUBLISHED, State.ARCHIVED): True,
    (State.ARCHIVED, State.PUBLISHED): True,
}
PUBLISH_PERMISSION = "initiatives.publish_initiative"


def may_publish(user) -> bool:
    return user.has_perm(PUBLISH_PERMISSION) and acts_for_all_countries(user)


@transaction.atomic
def save_initiative(initiative: Initiative, *, by, m2m: dict | None = None) -> Initiative:
    """Create or update an initiative of a country the user acts for; refreshes its search text."""
    ensure_may_act_on_country(by, initiative.lead_country_id)
    if initiative.state == State.PUBLISHED and not may_publish(by):
        raise PermissionDenied
    if initiative.pk is None:
        initiative.created_by = by
    initiative.full_clean()
    initiative.save()
    for name, values in (m2m or {}).items():
        getattr(initiative, name).set(values)
    transaction.on_commit(lambda: refresh_search_index([initiative.pk]))
    return initiative


@transaction.atomic
def change_state(initiative: Initiative, to_state: str, *, by, note: str = "") -> StateChange:
    """Move an initiative along its workflow, record who/when/from/to/note, notify the country."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    needs_secretariat = TRANSITIONS.get((initiative.state, to_state))
    if needs_secretariat is None:
        raise ValidationError(
            _("An initiative cannot go from “%(from)s” to “%(to)s”.")
            % {"from": initiative.get_state_display(), "to": State(to_state).label}
        )
    if needs_secretariat and not may_publish(by):
        raise PermissionDenied
    ensure_may_act_on_country(by, initiative.lead_country_id)
    if to_state == State.RETURNED and not note.strip():
        raise ValidationError(_("Say what must change: a note is required to return an initiative."))
    change = StateChange.objects.create(
        initiative=initiative, from_state=initiative.state, to_state=to_state, by=by, note=note
    )
    initiative.state = to_state
    fields = ["state", "updated_at"]
    if to_state == State.PUBLISHED and initiative.published_at is None:
        initiative.published_at = timezone.now()
        fields.append("published_at")
    initiative.save(update_fields=fields)
    if to_state in (State.PUBLISHED, State.RETURNED):
        queue_state_change_notice(change)  # in this transaction: no change without its notice
    return change


def submit_initiative(initiative, *, by):
    return change_state(initiative, State.SUBMITTED, by=by)


def publish_initiative(initiative, *, by, note=""):
    return change_state(initiative, State.PUBLISHED, by=by, note=note)


def return_initiative(initiative, *, by, note):
    return change_state(initiative, State.RETURNED, by=by, note=note)


def archive_initiative(initiative, *, by, note=""):
    return change_state(initiative, State.ARCHIVED, by=by, note=note)


@transaction.atomic
def verify_initiative(initiative: Initiative, *, by) -> Verification:
    """Record that the initiative was checked today; clears its "may be out of date" flag."""
    ensure_may_act_on_country(by, initiative.lead_country_id)
    verification = Verification.objects.create(initiative=initiative, by=by)
    initiative.last_verified_on = verification.on
    initiative.save(update_fields=["last_verified_on", "updated_at"])
    return verification


def attach_document(initiative: Initiative, *, title: str, upload, by) -> InitiativeDocument:
    """Store a checked upload (see DocumentForm) as a document of the initiative."""
    ensure_may_act_on_country(by, initiative.lead_country_id)
    with transaction.atomic():
        document = InitiativeDocument(
            initiative=initiative, title=title, content_type=upload.sniffed_content_type, size=upload.size
        )
        document.file.save(upload.name, upload, save=False)
        try:
            document.save()
        except Exception:
            document.file.delete(save=False)  # no orphan file when the row cannot be written
            raise
    return document
