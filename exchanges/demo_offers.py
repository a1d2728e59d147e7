# ruff: noqa: E501 (the demo records are kept one per few lines, as written, to read them as a table)
"""Demo offers and requests for the quick start: a few dozen records in Spanish and English (some in
French and Portuguese), their suggested pairs, and a few pairs already contacted, agreed or declined."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction

from network.models import Country, TargetPopulation, Theme

from .catalogues import refresh_search_index
from .matching import load_profiles, recompute_all, score_pair
from .models import CooperationMatch, CooperationOffer, CooperationRequest

UTC = ZoneInfo("UTC")

# (country, modality, themes, populations, languages, (from, until), title es, title en, other titles)
OFFERS = [
    ("MX", "technical_assistance", ["return-reintegration"], ["returned-migrants"], ["es", "en"],
     ("2026-02-01", "2027-06-30"), "Modelo de ventanilla única para personas retornadas",
     "One-stop service model for returned migrants", {"fr": "Guichet unique pour les migrants de retour"}),
    ("MX", "study_visit", ["consular-services", "borders-documentation"], ["migrants"], ["es"],
     ("2026-04-01", None), "Visita de estudio a la red consular y su sistema de citas",
     "Study visit to the consular network and its appointment system", {}),
    ("MX", "training", ["trafficking-smuggling"], ["trafficking-victims"], ["es", "en"],
     ("2026-01-15", "2026-12-15"), "Formación de fiscales en la identificación de víctimas de trata",
     "Training prosecutors to identify victims of trafficking", {"pt": "Formação de procuradores na identificação de vítimas de tráfico"}),
    ("CO", "technical_assistance", ["integration-inclusion", "regularisation"], ["migrants", "migrant-families"],
     ["es"], ("2026-03-01", "2027-03-01"), "Diseño de un permiso de protección temporal",
     "Designing a temporary protection permit", {"pt": "Desenho de uma autorização de proteção temporária"}),
    ("CO", "document_exchange", ["migration-data"], ["migrants-in-transit"], ["es", "en"],
     (None, None), "Protocolos y herramientas de registro de flujos mixtos",
     "Protocols and tools for recording mixed flows", {}),
    ("CO", "expert_mission", ["health"], ["migrants", "children-youth"], ["es"],
     ("2026-05-01", "2026-11-30"), "Misión de expertos en afiliación de migrantes al sistema de salud",
     "Expert mission on enrolling migrants in the health system", {}),
    ("BR", "technical_assistance", ["asylum-refugees", "integration-inclusion"], ["refugees-asylum-seekers"],
     ["pt", "es"], ("2026-01-01", "2027-12-31"), "Interiorización voluntaria de refugiados y migrantes",
     "Voluntary relocation of refugees and migrants", {"pt": "Interiorização voluntária de refugiados e migrantes"}),
    ("BR", "joint_research", ["climate-displacement"], ["displaced-persons"], ["pt", "en"],
     ("2026-06-01", "2028-06-01"), "Investigación conjunta sobre desplazamiento por desastres",
     "Joint research on disaster displacement", {"pt": "Pesquisa conjunta sobre deslocamento por desastres"}),
    ("AR", "training", ["labour-migration"], ["migrant-workers"], ["es"],
     ("2026-03-01", "2026-10-31"), "Curso sobre inspección laboral con enfoque migratorio",
     "Course on labour inspection with a migration lens", {}),
    ("CL", "document_exchange", ["governance-legislation"], ["public-officials"], ["es", "en"],
     (None, "2027-01-31"), "Intercambio de la nueva ley de migraciones y sus reglamentos",
     "Sharing the new migration law and its regulations", {}),
    ("CA", "technical_assistance", ["labour-migration", "education-skills"], ["migrant-workers"], ["en", "fr"],
     ("2026-02-01", "2027-02-01"), "Reconocimiento de competencias de trabajadores migrantes",
     "Recognising the skills of migrant workers", {"fr": "Reconnaissance des compétences des travailleurs migrants"}),
    ("CA", "training", ["asylum-refugees"], ["refugees-asylum-seekers"], ["en", "fr"],
     ("2026-09-01", "2027-03-31"), "Formación en determinación de la condición de refugiado",
     "Training in refugee status determination", {"fr": "Formation à la détermination du statut de réfugié"}),
    ("US", "expert_mission", ["borders-documentation"], ["migrants-in-transit"], ["en", "es"],
     ("2026-04-01", "2026-12-31"), "Misión sobre gestión de datos biométricos en fronteras",
     "Mission on managing biometric data at borders", {}),
    ("CR", "study_visit", ["integration-inclusion", "health"], ["children-youth"], ["es"],
     ("2026-02-15", "2026-08-15"), "Pasantía en centros de atención a la niñez migrante",
     "Internship in care centres for migrant children", {}),
    ("JM", "training", ["diaspora-remittances"], ["diaspora-communities"], ["en"],
     ("2026-05-01", "2027-05-01"), "Taller sobre vinculación con la diáspora",
     "Workshop on engaging the diaspora", {}),
    ("EC", "technical_assistance", ["return-reintegration", "diaspora-remittances"], ["returned-migrants"],
     ["es"], ("2026-01-01", "2026-12-31"), "Programa de emprendimiento para retornados",
     "Entrepreneurship programme for returnees", {}),
]  # fmt: skip

REQUESTS = [
    ("GT", "technical_assistance", ["return-reintegration"], ["returned-migrants", "children-youth"],
     ["es"], ("2026-03-01", "2026-12-31"), "Apoyo para crear un centro de atención a retornados",
     "Support to set up a reception centre for returnees", {}),
    ("GT", "training", ["trafficking-smuggling"], ["trafficking-victims", "women-gender"], ["es"],
     ("2026-06-01", "2027-06-01"), "Capacitación para identificar víctimas de trata en frontera",
     "Training to identify trafficking victims at the border", {}),
    ("HN", "technical_assistance", ["return-reintegration", "education-skills"], ["returned-migrants"], ["es"],
     ("2026-04-01", "2027-04-01"), "Certificación de competencias de personas retornadas",
     "Certifying the skills of returned migrants", {}),
    ("HN", "expert_mission", ["consular-services"], ["migrants"], ["es", "en"],
     ("2026-05-01", "2026-11-30"), "Modernizar la atención consular y las citas en línea",
     "Modernising consular services and online appointments", {}),
    ("SV", "document_exchange", ["migration-data"], ["migrants-in-transit", "migrants"], ["es"],
     (None, None), "Herramientas para medir los flujos mixtos",
     "Tools to measure mixed flows", {}),
    ("PE", "technical_assistance", ["regularisation", "integration-inclusion"], ["migrants", "migrant-families"],
     ["es"], ("2026-02-01", "2026-10-31"), "Experiencias de regularización migratoria masiva",
     "Experience with large-scale regularisation", {"pt": "Experiências de regularização migratória em massa"}),
    ("PE", "expert_mission", ["health"], ["migrants"], ["es"],
     ("2026-07-01", "2027-01-31"), "Acceso de migrantes a la salud primaria",
     "Migrants' access to primary health care", {}),
    ("HT", "training", ["labour-migration"], ["migrant-workers", "potential-migrants"], ["fr", "ht"],
     ("2026-03-01", "2027-03-01"), "Formación de inspectores de trabajo en migración laboral",
     "Training labour inspectors in labour migration", {"fr": "Formation des inspecteurs du travail à la migration de main-d'œuvre"}),
    ("HT", "technical_assistance", ["climate-displacement"], ["displaced-persons"], ["fr", "en"],
     ("2026-06-01", "2027-12-31"), "Planificación de reubicaciones por desastres",
     "Planning relocations after disasters", {"fr": "Planification des relocalisations après les catastrophes"}),
    ("DO", "document_exchange", ["governance-legislation"], ["public-officials"], ["es"],
     (None, None), "Revisión comparada de leyes migratorias recientes",
     "Comparative review of recent migration laws", {}),
    ("PA", "study_visit", ["borders-documentation", "mixed-movements"], ["migrants-in-transit"], ["es", "en"],
     ("2026-04-15", "2026-09-30"), "Visita sobre gestión de fronteras y flujos en tránsito",
     "Visit on border management and transit flows", {}),
    ("PY", "training", ["diaspora-remittances"], ["diaspora-communities"], ["es"],
     ("2026-08-01", "2027-08-01"), "Estrategia de vinculación con paraguayos en el exterior",
     "Strategy to engage Paraguayans abroad", {}),
    ("BO", "technical_assistance", ["asylum-refugees"], ["refugees-asylum-seekers"], ["es"],
     ("2026-01-01", "2026-12-31"), "Fortalecer la comisión nacional de refugiados",
     "Strengthening the national refugee commission", {}),
    ("TT", "training", ["asylum-refugees", "integration-inclusion"], ["refugees-asylum-seekers"], ["en"],
     ("2026-10-01", "2027-04-30"), "Capacitación en registro de solicitantes de asilo",
     "Training on registering asylum seekers", {}),
    ("MX", "joint_research", ["climate-displacement"], ["displaced-persons", "indigenous-peoples"], ["es", "en"],
     ("2026-09-01", "2028-01-01"), "Investigación sobre movilidad y cambio climático en el sur",
     "Research on mobility and climate change in the south", {}),
    ("GT", "training", ["health"], ["children-youth"], ["es"],
     (None, None), "Atención psicosocial a niñez no acompañada",
     "Psychosocial care for unaccompanied children", {}),
]  # fmt: skip

# A few pairs already worked on: (offer title es, request title es, status)
PAIRS = [
    ("Modelo de ventanilla única para personas retornadas",
     "Apoyo para crear un centro de atención a retornados", CooperationMatch.Status.AGREED),
    ("Formación de fiscales en la identificación de víctimas de trata",
     "Capacitación para identificar víctimas de trata en frontera", CooperationMatch.Status.CONTACTED),
    ("Protocolos y herramientas de registro de flujos mixtos",
     "Herramientas para medir los flujos mixtos", CooperationMatch.Status.CONTACTED),
    ("Curso sobre inspección laboral con enfoque migratorio",
     "Formación de inspectores de trabajo en migración laboral", CooperationMatch.Status.DECLINED),
]  # fmt: skip


def day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def create_records(model, rows, countries, themes, populations, authors) -> list[int]:
    existing = set(model.objects.values_list("title_es", flat=True))
    created = []
    for index, (
        code,
        modality,
        theme_slugs,
        population_slugs,
        languages,
        period,
        es,
        en,
        others,
    ) in enumerate(rows):
        if es in existing or code not in countries:
            continue
        record = model.objects.create(
            title_es=es, title_en=en, **{f"title_{c}": t for c, t in others.items()},
            description_es=f"{es}. Propuesta de la institución nacional competente, con expertos disponibles.",
            description_en=f"{en}. Put forward by the competent national institution, with experts available.",
            country=countries[code], modality=modality, working_languages=languages,
            available_from=day(period[0]), available_until=day(period[1]), duration_months=3 + index % 9,
            cost_sharing=["experts_and_travel", "shared", "experts_time", "to_be_agreed"][index % 4],
            state=model.State.PUBLISHED, published_at=datetime(2026, 5, 1 + index % 28, tzinfo=UTC),
            contact_name="Dirección de cooperación internacional",
            contact_email=f"cooperacion.{code.lower()}@example.org",
            created_by=authors.get(f"focal-{code.lower()}"),
        )  # fmt: skip
        record.themes.set([themes[s] for s in theme_slugs if s in themes])
        record.populations.set([populations[s] for s in population_slugs if s in populations])
        created.append(record.pk)
    if created:
        refresh_search_index(model, created)
    return created


@transaction.atomic
def load_demo_offers() -> int:
    """Create the demo offers and requests that do not exist yet (matched by Spanish title), compute
    their suggestions and mark a few pairs as worked on; returns how many records were added."""
    countries = {c.code: c for c in Country.objects.all()}
    themes = {t.slug: t for t in Theme.objects.all()}
    populations = {p.slug: p for p in TargetPopulation.objects.all()}
    authors = {u.username: u for u in get_user_model().objects.filter(username__startswith="focal-")}
    created = create_records(CooperationOffer, OFFERS, countries, themes, populations, authors)
    created += create_records(CooperationRequest, REQUESTS, countries, themes, populations, authors)
    if not created:
        return 0
    recompute_all()
    offers, requests = load_profiles(CooperationOffer), load_profiles(CooperationRequest)
    for offer_title, request_title, status in PAIRS:
        offer = CooperationOffer.objects.filter(title_es=offer_title).first()
        request = CooperationRequest.objects.filter(title_es=request_title).first()
        if offer and request:
            score, reasons = score_pair(offers[offer.pk], requests[request.pk])
            CooperationMatch.objects.update_or_create(
                offer=offer, request=request, defaults={"status": status, "score": score, "reasons": reasons}
            )
    return len(created)
