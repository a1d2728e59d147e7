from django.apps import apps
from django.core.management import call_command

from network.demo import DEMO_PASSWORD
from network.models import FocalPoint


def snapshot():
    """Every row of every model, so that a second load can be compared with the first."""
    rows = {}
    for model in apps.get_models():
        rows[model._meta.label] = sorted(map(str, model.objects.values_list()))
    return rows


def test_load_demo_twice_changes_nothing(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = snapshot()

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert snapshot() == first


def test_demo_focal_points_belong_to_their_countries_institutions(db, capsys):
    call_command("load_demo")

    output = capsys.readouterr().out
    assert DEMO_PASSWORD in output
    assert "focal-mx" in output
    focal_points = {
        fp.user.username: (fp.country.code, fp.institution.country.code) for fp in FocalPoint.objects.all()
    }
    assert focal_points == {"focal-mx": ("MX", "MX"), "focal-gt": ("GT", "GT"), "focal-co": ("CO", "CO")}
