"""Markdown sections rendered once, when an initiative is saved (initiatives/rendering.py)."""

import importlib

from django.apps import apps

from initiatives.models import Initiative
from initiatives.rendering import digest
from tests.factories import InitiativeFactory


def test_saving_renders_every_section_in_every_language_it_has(db):
    initiative = InitiativeFactory(description_es="**Hecho**", description_en="*Done*", results_fr="- un")

    stored = Initiative.objects.get(pk=initiative.pk).rendered_markdown

    assert stored["description"]["es"]["html"] == "<p><strong>Hecho</strong></p>"
    assert stored["description"]["en"]["html"] == "<p><em>Done</em></p>"
    assert stored["results"]["fr"]["html"] == "<ul>\n<li>un</li>\n</ul>"
    assert "pt" not in stored["description"]


def test_the_page_shows_the_html_stored_at_save_time(client, db):
    initiative = InitiativeFactory(description_es="Texto")
    kept = {"description": {"es": {"source": digest("Texto"), "html": "<p>guardado al grabar</p>"}}}
    Initiative.objects.filter(pk=initiative.pk).update(rendered_markdown=kept)

    body = client.get(initiative.get_absolute_url()).content.decode()

    assert "<p>guardado al grabar</p>" in body


def test_a_text_changed_without_save_is_rendered_from_the_new_text(db):
    initiative = InitiativeFactory(description_es="Antes")
    Initiative.objects.filter(pk=initiative.pk).update(description_es="**Después**")

    fresh = Initiative.objects.get(pk=initiative.pk)

    assert fresh.section("description", "es") == "<p><strong>Después</strong></p>"


def test_a_section_missing_in_a_language_falls_back_as_the_field_does(db):
    initiative = InitiativeFactory(description_es="Solo *español*", description_en=None)

    assert initiative.section("description", "en") == "<p>Solo <em>español</em></p>"
    assert initiative.section("objectives", "en") == ""


def test_scripts_never_reach_the_stored_html(db):
    initiative = InitiativeFactory(description_es='<script>alert(1)</script><img src=x onerror="x()">')

    html = initiative.rendered_markdown["description"]["es"]["html"]

    assert "<script" not in html
    assert "onerror" not in html


def test_saving_only_other_fields_keeps_the_rendering(db):
    initiative = InitiativeFactory(description_es="Uno")
    Initiative.objects.filter(pk=initiative.pk).update(rendered_markdown={})
    initiative.refresh_from_db()

    initiative.save(update_fields=["stale_reminder_sent_on"])
    assert Initiative.objects.get(pk=initiative.pk).rendered_markdown == {}
    initiative.save(update_fields=["description_es"])
    stored = Initiative.objects.get(pk=initiative.pk).rendered_markdown
    assert stored["description"]["es"]["html"] == "<p>Uno</p>"


def test_the_data_migration_renders_the_records_saved_before_it(db):
    migration = importlib.import_module("initiatives.migrations.0005_rendered_markdown")
    initiative = InitiativeFactory(lessons_learned_pt="**Lição**")
    Initiative.objects.filter(pk=initiative.pk).update(rendered_markdown={})

    migration.render_existing(apps, None)

    stored = Initiative.objects.get(pk=initiative.pk).rendered_markdown
    assert stored["lessons_learned"]["pt"]["html"] == "<p><strong>Lição</strong></p>"
