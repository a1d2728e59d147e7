"""Remove control characters from text stored before input was cleaned at the edges.

Safe to run again: only rows that still hold such a character are written, with a plain UPDATE (no
signals, no state change); a second run changes nothing.
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import models
from django.db.models import Q

from core.cleaning import UNWANTED_CHARACTERS, clean_text, is_secret_field

# What the database can hold of UNWANTED_CHARACTERS (neither NUL nor surrogates can be stored).
STORABLE_UNWANTED = "[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]"


class Command(BaseCommand):
    help = "Remove control characters from the text fields of the project's records."

    def handle(self, *args, **options):
        for label, count in clean_stored_text().items():
            self.stdout.write(f"{label}: {count} cleaned")
        self.stdout.write(self.style.SUCCESS("Stored text is clean."))


def clean_stored_text() -> dict[str, int]:
    """Clean every text field of the project's own models; returns rows changed per model."""
    return {model._meta.label: clean_model(model) for model in project_models() if text_fields(model)}


def project_models():
    for config in apps.get_app_configs():
        if "site-packages" not in config.path:
            yield from config.get_models()


def text_fields(model) -> list[str]:
    return [
        field.attname
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField) and not is_secret_field(field.name)
    ]


def clean_model(model) -> int:
    names = text_fields(model)
    dirty = Q.create([(f"{name}__regex", STORABLE_UNWANTED) for name in names], connector=Q.OR)
    count = 0
    for row in model._default_manager.filter(dirty).values("pk", *names).iterator():
        changes = {
            name: clean_text(value)
            for name in names
            if isinstance(value := row[name], str) and UNWANTED_CHARACTERS.search(value)
        }
        model._default_manager.filter(pk=row["pk"]).update(**changes)
        count += 1
    return count
