"""What a first visit found: compression, favicon, navigation state, orderings, labels, quiet output."""

import gzip
import os
import subprocess
import sys

from django.conf import settings
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.utils import translation

from initiatives.forms import InitiativeForm
from network.models import Country, GcmObjective
from tests.factories import PASSWORD, InitiativeFactory, country


def test_the_list_page_is_gzipped_to_less_than_half_when_the_browser_accepts_it(client, db):
    for number in range(12):
        InitiativeFactory(title_es=f"Programa regional de movilidad laboral ordenada {number}")

    plain = client.get("/en/initiatives/")
    compressed = client.get("/en/initiatives/", headers={"accept-encoding": "gzip"})

    assert "Content-Encoding" not in plain
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content).decode().count("Programa regional de movilidad") == 12
    assert len(compressed.content) < len(plain.content) / 2


def test_favicon_ico_leads_to_the_site_icon(client, db):
    response = client.get("/favicon.ico")
    page = client.get("/en/").content.decode()

    assert (response.status_code, response["Location"]) == (302, static("favicon.svg"))
    assert finders.find("favicon.svg") is not None
    assert f'<link rel="icon" href="{static("favicon.svg")}" type="image/svg+xml">' in page


def test_my_initiatives_is_marked_as_the_current_page_in_the_navigation(client, focal_point_mx):
    client.post("/en/accounts/login/", {"username": focal_point_mx.user.username, "password": PASSWORD})

    mine = client.get("/en/initiatives/mine/").content.decode()
    home = client.get("/en/").content.decode()

    assert '<a href="/en/initiatives/mine/" aria-current="page">My initiatives</a>' in mine
    assert '<a href="/en/initiatives/mine/">My initiatives</a>' in home


def test_partner_countries_are_offered_by_name_in_the_visitors_language(db):
    with translation.override("fr"):
        form = InitiativeForm(country_choices=Country.objects.filter(code="MX"))
        names = [label for _value, label in form.fields["partner_countries"].choices]

    assert names[:16] == [
        "Antigua-et-Barbuda", "Argentine", "Bahamas", "Barbade", "Belize", "Bolivie", "Brésil",
        "Canada", "Chili", "Colombie", "Costa Rica", "Cuba", "Dominique", "El Salvador", "Équateur",
        "États-Unis",
    ]  # fmt: skip


def address(initiative, language: str) -> str:
    with translation.override(language):
        return initiative.get_absolute_url()


def test_the_period_says_ongoing_once_and_labels_are_capitalised(client, db):
    ongoing = InitiativeFactory(start_year=2019, end_year=None)
    ongoing.gcm_objectives.set(GcmObjective.objects.filter(number=1))
    completed = InitiativeFactory(start_year=2015, end_year=2018, status="completed")

    ongoing_page = client.get(address(ongoing, "en")).content.decode()
    completed_page = client.get(address(completed, "en")).content.decode()
    french_page = client.get(address(ongoing, "fr")).content.decode()

    assert "<dt>Period</dt><dd>From 2019 · Ongoing</dd>" in ongoing_page
    assert "<dt>Period</dt><dd>2015–2018 · Completed</dd>" in completed_page  # noqa: RUF001
    assert "<dt>Objectifs du Pacte mondial</dt>" in french_page


def test_the_country_list_explains_its_badge_and_links_start_with_the_name(client, db):
    page = client.get("/en/countries/").content.decode()

    assert Country.objects.get(code="NI").oas_status == "other"
    assert (
        '<span class="country-code" aria-hidden="true">NI</span>Nicaragua</a>'
        ' <span class="tag">Not an OAS member state</span>'
    ) in page
    assert f'<span class="country-code" aria-hidden="true">MX</span>{country("MX").name}</a></li>' in page


def test_a_log_line_is_printed_once_and_django_axes_prints_no_banner():
    script = (
        "import django, logging; django.setup(); "
        "logging.getLogger('django.utils.autoreload').info('Watching for file changes')"
    )
    environment = {**os.environ, "DEBUG": "true", "DJANGO_SETTINGS_MODULE": "ricomi.settings"}

    run = subprocess.run(
        [sys.executable, "-c", script], cwd=settings.BASE_DIR, env=environment,
        capture_output=True, text=True, check=True,
    )  # fmt: skip

    assert run.stderr.splitlines() == ["Watching for file changes"]
    assert "AXES" not in run.stdout


def test_make_run_serves_on_the_port_it_is_given_and_the_site_url_follows():
    run = subprocess.run(
        ["make", "-n", "run", "PORT=8801"],
        cwd=settings.BASE_DIR, capture_output=True, text=True, check=True,
    )  # fmt: skip

    assert "SITE_URL=http://127.0.0.1:8801 .venv/bin/python manage.py runserver 127.0.0.1:8801" in run.stdout
    assert "manage.py migrate --noinput -v0" in run.stdout
