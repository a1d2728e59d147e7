"""An initiative's public page, cheap on a first visit as well as on a repeat one.

What every visitor sees of a published record (its texts, facts, documents, links, verifications) is
rendered once per language after the record changes, by a Celery task, and kept in `RenderedDetail`,
as its Markdown is kept rendered. A visit without a session reads that body, and the few things
the page adds around it (slug, last verification, facet keys for the related records), in one
query; a second query finds the related records. A kept body is used only while the record, the
network terms and the templates and catalogues it was rendered from are unchanged; otherwise the
visit renders the page and keeps the new body. Signed-in users always get a page built for them.
"""

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.template.defaultfilters import truncatewords
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from core.pagecache import current_versions
from network.models import PAGES_VERSION_KEY as NETWORK_PAGES

from .languages import PageTexts
from .models import (
    Initiative,
    InitiativeDocument,
    InitiativeLink,
    RenderedDetail,
    SystemReference,
    Verification,
)

logger = logging.getLogger(__name__)
quote_name = connection.ops.quote_name

BODY_TEMPLATE = "initiatives/_detail_body.html"
# Bump when the Python that renders the body (tags, PageTexts) changes what it writes.
BODY_FORMAT = 1
# The templates the body is rendered from; the compiled catalogues are added to the fingerprint.
BODY_TEMPLATES = ("_detail_body.html", "_section.html", "_language_notice.html")
# Rows that belong to one record and appear in its body; their writes mark the record changed.
PARTS = (InitiativeLink, SystemReference, InitiativeDocument, Verification)


@dataclass(frozen=True)
class KeptBody:
    slug: str
    title: str
    description: str
    html: str
    related: list[int]
    last_verified_on: date


@cache
def templates_fingerprint() -> str:
    """Changes when a deployment changes the body's templates or the translations of its words."""
    folder = Path(__file__).with_name("templates") / "initiatives"
    digest = hashlib.md5(str(BODY_FORMAT).encode(), usedforsecurity=False)
    for path in [folder / name for name in BODY_TEMPLATES] + sorted(
        Path(settings.BASE_DIR).glob("locale/*/LC_MESSAGES/django.mo")
    ):
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()[:16]


def built_with(network_version: int | None = None) -> str:
    """What a kept body depends on besides its record: the network terms' version, the templates."""
    if network_version is None:
        (network_version,) = current_versions((NETWORK_PAGES,), {})
    return f"{network_version}:{templates_fingerprint()}"


@cache
def kept_body_sql() -> str:
    """The kept body with the record's fields the page adds, if both are still what it was made from.
    Written once from the models: the ORM takes longer to compile this query than it takes to run."""
    kept, record = RenderedDetail._meta, Initiative._meta

    def column(meta, alias: str, name: str) -> str:
        return f"{alias}.{quote_name(meta.get_field(name).column)}"

    shown = [column(kept, "r", name) for name in ("slug", "title", "description", "html")]
    shown += [column(kept, "r", "related"), column(record, "i", "last_verified_on")]
    record_id = column(kept, "r", "initiative")
    return f"""
        SELECT {", ".join(shown)} FROM {quote_name(kept.db_table)} r
        JOIN {quote_name(record.db_table)} i ON i.{quote_name(record.pk.column)} = {record_id}
        WHERE {record_id} = %(pk)s AND {column(kept, "r", "language")} = %(language)s
            AND {column(kept, "r", "built_with")} = %(built_with)s
            AND {column(record, "i", "state")} = %(published)s
            AND {column(record, "i", "updated_at")} = {column(kept, "r", "source_updated_at")}
    """  # noqa: S608 - model metadata only; values are parameters


def kept_body(pk: int, language: str, network_version: int | None = None) -> KeptBody | None:
    """The body kept for this published record and language, if it is still up to date."""
    params = {
        "pk": pk,
        "language": language,
        "built_with": built_with(network_version),
        "published": Initiative.State.PUBLISHED,
    }
    with connection.cursor() as cursor:
        cursor.execute(kept_body_sql(), params)
        row = cursor.fetchone()
    if row is None:
        return None
    related = json.loads(row[4]) if isinstance(row[4], str) else row[4]  # text on SQLite
    return KeptBody(*row[:4], related, row[5])


def body_context(initiative: Initiative, language: str) -> dict:
    # Names of who verified stay for staff of the country: visitors see role and institution.
    return {"initiative": initiative, "texts": PageTexts(initiative, language), "show_names": False}


def kept_context(pk: int, kept: KeptBody, language: str) -> dict:
    """The detail page's context around a kept body."""
    from .selectors import related_by_ids

    return {
        "page_title": kept.title,
        "page_description": kept.description,
        "published": True,
        "last_verified_on": kept.last_verified_on,
        "is_stale": is_stale(kept.last_verified_on),
        "body": mark_safe(kept.html),  # noqa: S308 - rendered by our template, escaped there
        "related": related_by_ids(kept.related, language),
    }


def render_and_keep(initiative: Initiative, language: str, related: list | None = None) -> str:
    """Render the body for visitors without a session, keep it with its related records (found
    now unless given), and return it."""
    from .selectors import related_initiatives

    context = body_context(initiative, language)
    html = render_to_string(BODY_TEMPLATE, context)
    related = related_initiatives(initiative, language) if related is None else related
    keep_body(initiative, language, html, context["texts"], [r.pk for r in related])
    return mark_safe(html)  # noqa: S308 - rendered by our template, escaped there


def keep_body(initiative: Initiative, language: str, html: str, texts: PageTexts, related: list[int]) -> None:
    """Store the body rendered for visitors without a session (replacing the previous one)."""
    summary = texts.summary.text if texts.summary else ""
    RenderedDetail.objects.bulk_create(
        [
            RenderedDetail(
                initiative=initiative,
                language=language,
                source_updated_at=initiative.updated_at,
                built_with=built_with(),
                slug=initiative.slug_in(language),
                title=texts.title.text,
                description=truncatewords(summary, 40),
                html=html,
                related=related,
            )
        ],
        update_conflicts=True,
        unique_fields=["initiative", "language"],
        update_fields=[
            "source_updated_at",
            "built_with",
            "slug",
            "title",
            "description",
            "html",
            "related",
            "rendered_at",
        ],
    )


def render_bodies(pk: int) -> int:
    """Render and keep the body of a published record in every language whose kept one is out of
    date; how many were rendered. Called after each change of the record (Celery)."""
    from .selectors import initiative_page

    initiative = initiative_page(pk, None)
    if initiative is None or initiative.state != Initiative.State.PUBLISHED:
        return 0
    rendered = 0
    for language, _name in settings.LANGUAGES:
        if kept_body(pk, language) is not None:
            continue
        with translation.override(language):
            render_and_keep(initiative, language)
        rendered += 1
    return rendered


def is_stale(last_verified_on: date) -> bool:
    return Initiative(last_verified_on=last_verified_on).is_stale


# --- Keeping bodies up to date -------------------------------------------------------------------


def record_changed(initiative_id: int) -> None:
    """A part of the record changed: its kept bodies no longer match (the record's `updated_at`
    moves), and new ones are rendered once the change is committed."""
    Initiative.objects.filter(pk=initiative_id).update(updated_at=timezone.now())
    schedule_rendering(initiative_id)


def schedule_rendering(initiative_id: int) -> None:
    from .tasks import render_bodies_task

    if settings.CELERY_TASK_ALWAYS_EAGER:  # no worker (the quick start): the first visit renders it
        return

    def enqueue():
        try:
            render_bodies_task.delay(initiative_id)
        except Exception:  # the broker is away: the first visitor of each language renders it
            logger.warning("could not queue the rendering of initiative %s", initiative_id, exc_info=True)

    transaction.on_commit(enqueue)


def watch_records() -> None:
    """Connect the signals that keep bodies up to date (from the app's ready())."""

    def initiative_saved(instance, raw=False, **kwargs):
        if not raw and instance.state == Initiative.State.PUBLISHED:
            schedule_rendering(instance.pk)

    def part_changed(instance, raw=False, **kwargs):
        if not raw:
            record_changed(instance.initiative_id)

    def terms_changed(instance, action, reverse, pk_set, **kwargs):
        if action in ("post_add", "post_remove", "post_clear"):
            for pk in (pk_set or []) if reverse else [instance.pk]:
                record_changed(pk)

    post_save.connect(initiative_saved, sender=Initiative, weak=False, dispatch_uid="bodies-initiative")
    for model in PARTS:
        for signal in (post_save, post_delete):
            signal.connect(
                part_changed, sender=model, weak=False, dispatch_uid=f"bodies-{model.__name__}-{signal}"
            )
    for field in Initiative._meta.local_many_to_many:
        m2m_changed.connect(
            terms_changed, sender=field.remote_field.through, weak=False, dispatch_uid=f"bodies-{field.name}"
        )
