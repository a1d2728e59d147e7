import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def test_root_redirects_to_a_language_prefixed_home(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 302
    assert response["Location"] == "/fr/"


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_every_language_has_its_home_page(client, db, code):
    response = client.get(f"/{code}/")

    assert response.status_code == 200
    assert f'<html lang="{code}">' in response.content.decode()


def test_language_switcher_keeps_the_visitor_on_the_same_page(client, db):
    response = client.get("/es/countries/mx/?tab=1")

    links = {link["code"]: link["url"] for link in response.context["language_links"]}
    assert links == {
        "es": "/es/countries/mx/?tab=1",
        "en": "/en/countries/mx/?tab=1",
        "fr": "/fr/countries/mx/?tab=1",
        "pt": "/pt/countries/mx/?tab=1",
    }
    assert (
        '<a href="/pt/countries/mx/?tab=1" lang="pt" hreflang="pt">Português</a>' in response.content.decode()
    )


def test_interface_is_translated(client, db):
    assert "Saltar al contenido principal" in client.get("/es/").content.decode()
    assert "Aller au contenu principal" in client.get("/fr/").content.decode()
    assert "Ir para o conteúdo principal" in client.get("/pt/").content.decode()


def test_catalogues_cover_every_string_of_the_code_with_no_fuzzy_entry(tmp_path):
    """Extract the strings afresh into a copy of the tree: a new string without translation fails."""
    copy = tmp_path / "ricomi"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(".venv", "var", ".git", "__pycache__", "*.mo", "node_modules"),
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", *[f"-l{c}" for c in LANGUAGE_CODES], "--no-obsolete",
         "--ignore=tests", "--ignore=benchmarks", "-v0"],
        cwd=copy, check=True, capture_output=True,
    )  # fmt: skip

    problems = []
    for code in LANGUAGE_CODES:
        catalogue = polib.pofile(str(copy / "locale" / code / "LC_MESSAGES" / "django.po"))
        problems += [f"{code}: untranslated {e.msgid!r}" for e in catalogue.untranslated_entries()]
        problems += [f"{code}: fuzzy {e.msgid!r}" for e in catalogue.fuzzy_entries()]
    assert problems == []
