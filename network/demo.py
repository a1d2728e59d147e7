"""Demo accounts and institutions for the quick start (`manage.py load_demo`)."""

from base64 import b32encode

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Country, FocalPoint, Institution
from .roles import CEAM_SECRETARIAT, FOCAL_POINTS, TECHNICAL_SECRETARIAT, TRANSLATORS

DEMO_PASSWORD = "ricomi-demo-2026"
# A fixed TOTP secret so every demo staff account can be added to an authenticator app once.
DEMO_TOTP_KEY = "52494f434d492d64656d6f2d746f74702d6b6579"

INSTITUTIONS = [
    ("MX", "Instituto Nacional de Migración", "INM", "migration_authority", "https://www.gob.mx/inm"),
    ("GT", "Instituto Guatemalteco de Migración", "IGM", "migration_authority", "https://igm.gob.gt"),
    ("CO", "Migración Colombia", "", "migration_authority", "https://www.migracioncolombia.gov.co"),
    (
        "CR",
        "Dirección General de Migración y Extranjería",
        "DGME",
        "migration_authority",
        "https://www.migracion.go.cr",
    ),
    (
        "AR",
        "Dirección Nacional de Migraciones",
        "DNM",
        "migration_authority",
        "https://www.argentina.gob.ar/interior/migraciones",
    ),
    (
        "EC",
        "Ministerio de Relaciones Exteriores y Movilidad Humana",
        "",
        "foreign_affairs",
        "https://www.cancilleria.gob.ec",
    ),
    (
        "CA",
        "Immigration, Refugees and Citizenship Canada",
        "IRCC",
        "migration_authority",
        "https://www.canada.ca/en/immigration-refugees-citizenship.html",
    ),
    ("BR", "Ministério da Justiça e Segurança Pública", "MJSP", "interior", "https://www.gov.br/mj"),
    ("HT", "Office National de la Migration", "ONM", "migration_authority", ""),
]

# username, first name, last name, group, country of a focal point (None for secretariat staff)
ACCOUNTS = [
    ("admin", "Ada", "Admin", None, None),
    ("secretariat", "Sofía", "Ramírez", TECHNICAL_SECRETARIAT, None),
    ("ceam", "Jean", "Baptiste", CEAM_SECRETARIAT, None),
    ("translator", "Marie", "Dubois", TRANSLATORS, None),
    ("focal-mx", "Lucía", "Hernández", FOCAL_POINTS, "MX"),
    ("focal-gt", "Carlos", "Pérez", FOCAL_POINTS, "GT"),
    ("focal-co", "Andrea", "Gómez", FOCAL_POINTS, "CO"),
]


def totp_secret_base32() -> str:
    return b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode()


def _account(username, first, last, group_name, country_code):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "email": f"{username}@ricomi.example.org",
            "is_staff": True,
            "is_superuser": group_name is None,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    TOTPDevice.objects.get_or_create(user=user, name="demo", defaults={"key": DEMO_TOTP_KEY})
    if country_code:
        country = Country.objects.get(code=country_code)
        FocalPoint.objects.get_or_create(
            user=user,
            defaults={
                "country": country,
                "institution": Institution.objects.filter(country=country).first(),
                "position": "Punto focal nacional",
            },
        )
    return user


@transaction.atomic
def load_demo_network() -> list[str]:
    """Create the demo institutions and accounts if absent; returns the demo usernames."""
    for code, name, acronym, kind, website in INSTITUTIONS:
        Institution.objects.get_or_create(
            country=Country.objects.get(code=code),
            name=name,
            defaults={"acronym": acronym, "kind": kind, "website": website},
        )
    return [_account(*account).username for account in ACCOUNTS]
