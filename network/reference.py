"""Reference data shipped with the code (countries, forums, vocabularies) and its loader."""

import json
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

FORUMS = [
    {
        "code": "rcm",
        "acronym": "RCM",
        "website": "https://crmsv.org",
        "name_es": "Conferencia Regional sobre Migración (Proceso Puebla)",
        "name_en": "Regional Conference on Migration (Puebla Process)",
        "name_fr": "Conférence régionale sur les migrations (Processus de Puebla)",
        "name_pt": "Conferência Regional sobre Migração (Processo de Puebla)",
    },
    {
        "code": "sacm",
        "acronym": "CSM",
        "website": "",
        "name_es": "Conferencia Suramericana sobre Migraciones",
        "name_en": "South American Conference on Migration",
        "name_fr": "Conférence sud-américaine sur les migrations",
        "name_pt": "Conferência Sul-Americana sobre Migrações",
    },
]


def read(name: str) -> list[dict]:
    return json.loads((DATA_DIR / f"{name}.json").read_text(encoding="utf-8"))


def _with_default_name(row: dict, fields=("name",)) -> dict:
    """Fill the untranslated column from the Spanish one, as modeltranslation expects."""
    row = dict(row)
    for field in fields:
        if f"{field}_es" in row:
            row[field] = row[f"{field}_es"]
    return row


def _create_missing(model, key: str, rows: list[dict], fields=("name",)) -> list:
    """Insert the rows whose key is absent; rows already present keep any edits made to them."""
    present = set(model.objects.values_list(key, flat=True))
    missing = [model(**_with_default_name(r, fields)) for r in rows if r[key] not in present]
    return model.objects.bulk_create(missing)


def load_reference_data(apps) -> dict[str, int]:
    """Insert missing countries, forums and vocabularies; returns how many rows each gained."""
    Country = apps.get_model("network", "Country")
    RegionalForum = apps.get_model("network", "RegionalForum")
    created = {"forums": len(_create_missing(RegionalForum, "code", FORUMS))}

    countries = read("countries")
    forums_of = {row["code"]: row.pop("forums") for row in countries}
    new_countries = _create_missing(Country, "code", countries)
    forum_ids = dict(RegionalForum.objects.values_list("code", "id"))
    Membership = Country.forums.through
    Membership.objects.bulk_create(
        [
            Membership(country_id=country.pk, regionalforum_id=forum_ids[forum])
            for country in new_countries
            for forum in forums_of[country.code]
        ]
    )
    created["countries"] = len(new_countries)

    for name, model_name, key, fields in [
        ("themes", "Theme", "slug", ("name", "description")),
        ("populations", "TargetPopulation", "slug", ("name",)),
        ("gcm_objectives", "GcmObjective", "number", ("name",)),
    ]:
        created[name] = len(_create_missing(apps.get_model("network", model_name), key, read(name), fields))
    return created
