"""Every change of state of initiatives: writing, the publication workflow, verification, reminders.

The admin, the site's forms and the Celery tasks all call these functions.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from network.scoping import acts_for_all_countries, ensure_may_write, may_write

from .models import TRANSLATED_TEXT_FIELDS, Initiative, InitiativeDocument, StateChange, Verification
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
ADD_PERMISSION = "initiatives.add_initiative"
CHANGE_PERMISSION = "initiatives.change_initiative"
ADD_DOCUMENT_PERMISSION = "initiatives.add_initiativedocument"
DELETE_DOCUMENT_PERMISSION = "initiatives.delete_initiativedocument"
# The public has seen these records: their content changes only through the secretariat.
PUBLIC_STATES = {State.PUBLISHED, State.ARCHIVED}


def may_publish(user) -> bool:
    return user.has_perm(PUBLISH_PERMISSION) and acts_for_all_countries(user)


def may_change_initiative(user, initiative: Initiative, permission: str = CHANGE_PERMISSION) -> bool:
    """Whether the user may change the record (or its documents) with `permission`, given its state."""
    if not may_write(user, initiative.lead_country_id, permission):
        return False
    return initiative.state not in PUBLIC_STATES or may_publish(user)


def ensure_may_change_initiative(user, initiative: Initiative, permission: str = CHANGE_PERMISSION) -> None:
    if not may_change_initiative(user, initiative, permission):
        raise PermissionDenied


@transaction.atomic
def save_initiative(initiative: Initiative, *, by, m2m: dict | None = None) -> Initiative:
    """Create or update an initiative of a country the user may write for; refreshes its search text."""
    creating = initiative.pk is None
    if not creating:  # the stored country and state decide, not the ones being written
        ensure_may_change_initiative(by, Initiative.objects.get(pk=initiative.pk))
    ensure_may_change_initiative(by, initiative, ADD_PERMISSION if creating else CHANGE_PERMISSION)
    if creating:
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
    permission = PUBLISH_PERMISSION if needs_secretariat else CHANGE_PERMISSION
    ensure_may_write(by, initiative.lead_country_id, permission)
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
    # Confirming a published record's accuracy changes none of its content: no secretariat needed.
    ensure_may_write(by, initiative.lead_country_id, CHANGE_PERMISSION)
    verification = Verification.objects.create(initiative=initiative, by=by)
    initiative.last_verified_on = verification.on
    initiative.save(update_fields=["last_verified_on", "updated_at"])
    return verification


def attach_document(initiative: Initiative, *, title: str, upload, by) -> InitiativeDocument:
    """Store a checked upload (see DocumentForm) as a document of the initiative.

    Documents of a published or archived record go public at once, so only the secretariat adds them.
    """
    ensure_may_change_initiative(by, initiative, ADD_DOCUMENT_PERMISSION)
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


@transaction.atomic
def remove_document(document: InitiativeDocument, *, by) -> None:
    """Delete a document and, once committed, its file; same rule as attaching one."""
    ensure_may_change_initiative(by, document.initiative, DELETE_DOCUMENT_PERMISSION)
    document.delete()
    transaction.on_commit(lambda: document.file.delete(save=False))


TRANSLATE_PERMISSION = "initiatives.translate_initiative"


def may_translate(user) -> bool:
    return user.is_active and user.has_perm(TRANSLATE_PERMISSION)


@transaction.atomic
def translate_initiative(
    initiative: Initiative, *, language: str, texts: dict[str, str], by
) -> StateChange | None:
    """Write the `language` version of a published record's texts, nothing else; records it in the history.

    `texts` maps field names (title, summary, description…) to their text in `language`. Returns the
    history row, or None when no text changed (a second identical submit records nothing).
    """
    if not may_translate(by):
        raise PermissionDenied
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if initiative.state != State.PUBLISHED:
        raise ValidationError(_("Only published initiatives are translated here."))
    changed = []
    for name in TRANSLATED_TEXT_FIELDS:
        if name in texts and (getattr(initiative, f"{name}_{language}") or "") != texts[name]:
            setattr(initiative, f"{name}_{language}", texts[name])
            changed.append(name)
    if not changed:
        return None
    initiative.full_clean(exclude=["lead_institution"])
    initiative.save(update_fields=[f"{name}_{language}" for name in changed] + ["updated_at"])
    transaction.on_commit(lambda: refresh_search_index([initiative.pk]))
    # The publication history is the record's one history: a translation is a step of the same state.
    return StateChange.objects.create(
        initiative=initiative,
        from_state=initiative.state,
        to_state=initiative.state,
        by=by,
        note=translation_note(language, changed),
    )


def translation_note(language: str, fields: list[str]) -> str:
    from django.utils.translation import get_language_info

    labels = ", ".join(str(Initiative._meta.get_field(name).verbose_name) for name in fields)
    return _("Translated into %(language)s: %(fields)s.") % {
        "language": get_language_info(language)["name_translated"],
        "fields": labels,
    }
