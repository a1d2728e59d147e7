"""Render the kept public page bodies of published initiatives that have none or an outdated one.

Saves render them on their own (a Celery task after each change); this fills them in after a
deployment that changed the templates or translations, or after records were loaded in bulk:

    manage.py render_page_bodies                      # every published record, newest first
    manage.py render_page_bodies --latest 5000 --language es
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from initiatives.models import Initiative
from initiatives.public_detail import kept_body, render_and_keep
from initiatives.selectors import initiative_page


class Command(BaseCommand):
    help = "Render the public page bodies of published initiatives that have none or an outdated one."

    def add_arguments(self, parser):
        parser.add_argument("--latest", type=int, help="only the N latest published records")
        parser.add_argument(
            "--language", action="append", choices=[code for code, _name in settings.LANGUAGES],
            help="only this language (repeatable); all by default",
        )  # fmt: skip

    def handle(self, *args, latest=None, language=None, **options):
        languages = language or [code for code, _name in settings.LANGUAGES]
        ids = Initiative.objects.published().order_by("-published_at", "-pk").values_list("pk", flat=True)
        rendered = 0
        for pk in ids[:latest] if latest else ids.iterator():
            initiative = None
            for code in languages:
                if kept_body(pk, code) is not None:
                    continue
                initiative = initiative or initiative_page(pk, None)
                with translation.override(code):
                    render_and_keep(initiative, code)
                rendered += 1
        self.stdout.write(f"{rendered} page bodies rendered.")
