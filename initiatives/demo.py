"""Demo initiatives for the quick start: about 200 records written in Spanish, with translations."""

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction

from core.cleaning import clean_record
from network.models import Country, GcmObjective, TargetPopulation, Theme

from .models import TRANSLATED_TEXT_FIELDS, Initiative
from .search import refresh_search_index

DATA_DIR = Path(__file__).resolve().parent / "data"
SOURCE_FIELDS = {"lessons": "lessons_learned"}  # keys of the data files that differ from field names
# A fixed reference day, so that a second load computes exactly the same dates.
REFERENCE_DAY = date(2026, 6, 1)
UTC = ZoneInfo("UTC")


def demo_records() -> list[dict]:
    return [
        clean_record(row)
        for path in sorted(DATA_DIR.glob("demo_initiatives_*.json"))
        for row in json.loads(path.read_text("utf-8"))
    ]


def text_fields(row: dict) -> dict:
    fields = {}
    for key, value in row.items():
        name, _sep, code = key.rpartition("_")
        name = SOURCE_FIELDS.get(name, name)
        if name in TRANSLATED_TEXT_FIELDS and code in ("es", "en", "fr", "pt") and value:
            fields[f"{name}_{code}"] = value
    return fields


def state_of(index: int, country_code: str) -> str:
    """Most demo records are published; a few of Mexico's are left in the workflow to show it."""
    if country_code == "MX" and index % 17 == 0:
        return Initiative.State.SUBMITTED
    if country_code == "MX" and index % 19 == 0:
        return Initiative.State.DRAFT
    return Initiative.State.PUBLISHED


@transaction.atomic
def load_demo_initiatives() -> int:
    """Create the demo initiatives that do not exist yet (matched by Spanish title); returns how many."""
    countries = {c.code: c for c in Country.objects.all()}
    themes = {t.slug: t for t in Theme.objects.all()}
    populations = {p.slug: p for p in TargetPopulation.objects.all()}
    objectives = {g.number: g for g in GcmObjective.objects.all()}
    existing = set(Initiative.objects.values_list("title_es", flat=True))
    authors = {u.username: u for u in get_user_model().objects.filter(username__startswith="focal-")}
    created = []
    for index, row in enumerate(demo_records()):
        if row["title_es"] in existing:
            continue
        state = state_of(index, row["lead_country"])
        published = datetime.combine(
            REFERENCE_DAY - timedelta(days=3 * index), datetime.min.time(), tzinfo=UTC
        )
        initiative = Initiative.objects.create(
            **text_fields(row),
            kind=row["kind"], scope=row["scope"], lead_country=countries[row["lead_country"]],
            partner_organisations=row.get("partner_organisations", ""), start_year=row["start_year"],
            end_year=row.get("end_year"), status=row["status"], budget=row.get("budget"),
            currency=row.get("currency") or "", funding_sources=row.get("funding_sources", ""),
            contact_name=row.get("contact_name", ""), contact_email=row.get("contact_email", ""),
            state=state, published_at=published if state == Initiative.State.PUBLISHED else None,
            # one record in eight has not been verified for over a year: the "may be out of date" flag
            last_verified_on=REFERENCE_DAY - timedelta(days=500 if index % 8 == 0 else index % 200),
            created_by=authors.get(f"focal-{row['lead_country'].lower()}"),
        )  # fmt: skip
        initiative.partner_countries.set(
            [countries[c] for c in row.get("partner_countries", []) if c in countries]
        )
        initiative.themes.set([themes[s] for s in row["themes"] if s in themes])
        initiative.populations.set([populations[s] for s in row["populations"] if s in populations])
        initiative.gcm_objectives.set(
            [objectives[n] for n in row.get("gcm_objectives", []) if n in objectives]
        )
        created.append(initiative.pk)
    if created:
        refresh_search_index(created)
    return len(created)
