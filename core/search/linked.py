"""Search columns copy the names and codes of other records (a country's name, a theme's slug):
when one of those records changes, the catalogue records linked to it are refreshed.

An app declares, for each linked model (by label), which of its models reach it through which
relations, and how to refresh records of one of its models:

    refresh_when_linked_records_change(
        "initiatives",
        {"network.Country": {Initiative: ["lead_country", "partner_countries"]}, ...},
        refresh=lambda model, ids: refresh_search_index(ids),
        groupings=(Country.forums.through, {Initiative: ["lead_country"]}),
    )
"""

from collections.abc import Callable

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_save

Linked = dict[type, list[str]]  # model -> relations through which its records reach the changed rows


def refresh_linked(linked: Linked, pks, refresh: Callable[[type, list], None]) -> None:
    """After the commit, refresh the records of each model that reach these rows."""
    pks = list(pks)
    for model, relations in linked.items():
        condition = Q()
        for relation in relations:
            condition |= Q(**{f"{relation}__in": pks})
        ids = sorted(set(model.objects.filter(condition).values_list("pk", flat=True)))
        if ids:
            transaction.on_commit(lambda model=model, ids=ids: refresh(model, ids))


def refresh_when_linked_records_change(
    uid: str,
    linked: dict[str, Linked],
    refresh: Callable[[type, list], None],
    groupings: tuple[type, Linked] | None = None,
) -> None:
    """Connect the signals: a saved (not created, not loaded) record of a linked model refreshes
    the records that reach it; a change of `groupings` (a many-to-many of the linked rows, such as
    a country's forums) refreshes the records that reach the rows on its side."""

    def saved(linked_here):
        def changed(instance, created, raw=False, **kwargs):
            if not created and not raw:
                refresh_linked(linked_here, [instance.pk], refresh)

        return changed

    for label, linked_here in linked.items():
        post_save.connect(saved(linked_here), sender=label, weak=False, dispatch_uid=f"{uid}-linked-{label}")
    if groupings is not None:
        through, linked_here = groupings

        def regrouped(instance, action, reverse, pk_set, **kwargs):
            if action in ("post_add", "post_remove", "post_clear"):
                rows = pk_set if reverse else [instance.pk]
                if rows:
                    refresh_linked(linked_here, rows, refresh)

        m2m_changed.connect(regrouped, sender=through, weak=False, dispatch_uid=f"{uid}-linked-groupings")
