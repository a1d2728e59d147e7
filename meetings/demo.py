"""Demo meetings for the quick start: one held (attendance, minutes, actual costs) and one upcoming
with open registration and a waiting list. Both budgets reproduce the proposal's 27,500 USD:

    travel        10 delegates x 1,000                      10,000
    per diem      10 delegates x 3 days x 350               10,500
    interpretation 2 language pairs x 3 days x 750           4,500
    equipment     3 days x 200 (booths, microphones)           600
    coffee        3 days x 150                                 450
    printing      1 x 200                                      200
    contingency   1 x 1,250                                  1,250
                                                            ------
                                                            27,500
"""

from datetime import date, time, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from exchanges.models import CooperationOffer, CooperationRequest, Project
from network.models import Country

from .models import BudgetLine, Meeting, MeetingDocument, Registration, ServiceLine, Session
from .models.costs import Category

PAST_TITLE = "Reunión técnica de autoridades migratorias sobre cooperación horizontal"
UPCOMING_TITLE = "Reunión técnica sobre retorno y reintegración"
COUNTRIES = ["AR", "BR", "CL", "CO", "CR", "DO", "EC", "GT", "MX", "PE"]
FIRST_NAMES = [
    "Ana", "Bruno", "Camila", "Diego", "Elena", "Felipe", "Gabriela", "Hugo", "Inés", "Jorge", "Karla",
]  # fmt: skip
SERVICES = [
    (Category.INTERPRETATION, "Interpretación español-inglés", "es-en", 1, 3, "750"),
    (Category.INTERPRETATION, "Interpretación español-portugués", "es-pt", 1, 3, "750"),
    (Category.EQUIPMENT, "Cabinas y micrófonos", "", 1, 3, "200"),
    (Category.COFFEE, "Pausas café", "", 1, 3, "150"),
    (Category.PRINTING, "Impresión de documentos", "", 1, 1, "200"),
    (Category.CONTINGENCY, "Imprevistos", "", 1, 1, "1250"),
]
BUDGET = {
    Category.TRAVEL: "10000", Category.PER_DIEM: "10500", Category.INTERPRETATION: "4500",
    Category.EQUIPMENT: "600", Category.COFFEE: "450", Category.PRINTING: "200", Category.CONTINGENCY: "1250",
}  # fmt: skip
PAST_ACTUAL = {
    Category.TRAVEL: "9640", Category.PER_DIEM: "9450", Category.INTERPRETATION: "4500",
    Category.EQUIPMENT: "600", Category.COFFEE: "505.50", Category.PRINTING: "180", Category.CONTINGENCY: "0",
}  # fmt: skip
AGENDA = [
    (0, time(9), time(10, 30), "Apertura y presentación de la red", "Secretaría técnica"),
    (0, time(11), time(13), "Buenas prácticas en retorno y reintegración", "Delegaciones de México y Perú"),
    (1, time(9), time(12, 30), "Mesa de ofertas y demandas de cooperación", "Delegaciones"),
    (2, time(9), time(11), "Conclusiones y próximos pasos", "Secretaría técnica"),
]


@transaction.atomic
def load_demo_meetings(today: date | None = None) -> int:
    """Create the two demo meetings if absent (matched by Spanish title); returns how many were added."""
    today = today or timezone.localdate()
    added = 0
    if not Meeting.objects.filter(title_es=PAST_TITLE).exists():
        held_meeting(today - timedelta(days=60))
        added += 1
    if not Meeting.objects.filter(title_es=UPCOMING_TITLE).exists():
        upcoming_meeting(today + timedelta(days=30))
        added += 1
    link_outcomes(Meeting.objects.get(title_es=PAST_TITLE))
    return added


# What came out of the held meeting: records of the exchanges demo, which load_demo runs first.
OUTCOME_OFFER = "Modelo de ventanilla única para personas retornadas"
OUTCOME_REQUEST = "Apoyo para crear un centro de atención a retornados"
OUTCOME_PROJECT = "Ventanilla única para personas retornadas"


def link_outcomes(meeting: Meeting) -> None:
    """Link the exchanges demo's records that exist to the held meeting; adding twice changes nothing."""
    meeting.offers.add(*CooperationOffer.objects.filter(title_es=OUTCOME_OFFER))
    meeting.requests.add(*CooperationRequest.objects.filter(title_es=OUTCOME_REQUEST))
    meeting.projects.add(*Project.objects.filter(title_es=OUTCOME_PROJECT))


def new_meeting(title: str, starts_on: date, **fields) -> Meeting:
    meeting = Meeting.objects.create(
        title_es=title, starts_on=starts_on, ends_on=starts_on + timedelta(days=2), city="Ciudad de Panamá",
        country=Country.objects.get(code="PA"), venue="Sede regional", working_languages=["es", "en", "pt"],
        seats=10, funded_seats_per_country=1, travel_allowance=Decimal(1000), **fields,
    )  # fmt: skip
    for day, start, end, title_es, speakers in AGENDA:
        Session.objects.create(
            meeting=meeting, day=starts_on + timedelta(days=day), starts_at=start, ends_at=end,
            title_es=title_es, speakers=speakers, room="Sala A", interpretation_pairs=["es-en", "es-pt"],
        )  # fmt: skip
    for category, description, pair, quantity, days, unit_cost in SERVICES:
        ServiceLine.objects.create(
            meeting=meeting, category=category, description=description, language_pair=pair,
            quantity=quantity, days=days, unit_cost=Decimal(unit_cost),
        )  # fmt: skip
    return meeting


def delegate(meeting: Meeting, index: int, code: str, **fields) -> Registration:
    name = f"{FIRST_NAMES[index]} Delegado{index + 1}"
    return Registration.objects.create(
        meeting=meeting, country=Country.objects.get(code=code), name=name, position="Director de migración",
        institution=f"Autoridad migratoria ({code})", email=f"delegado{index + 1}.{meeting.pk}@example.org",
        arrival_on=meeting.starts_on - timedelta(days=1), departure_on=meeting.ends_on, **fields,
    )  # fmt: skip


def held_meeting(starts_on: date) -> Meeting:
    meeting = new_meeting(
        PAST_TITLE, starts_on,
        title_en="Technical meeting of migration authorities on horizontal cooperation",
        status=Meeting.Status.HELD, minutes_published=True,
        outcomes_es="Se acordó un plan de trabajo regional y dos ofertas de cooperación en retorno.",
        outcomes_en="A regional work plan and two cooperation offers on return were agreed.",
    )  # fmt: skip
    for index, code in enumerate(COUNTRIES):
        attendance = Registration.Attendance.EXCUSED if code == "EC" else Registration.Attendance.ATTENDED
        approved = {"status": Registration.Status.APPROVED, "funded": True}
        delegate(meeting, index, code, attendance=attendance, **approved)
    for category, amount in BUDGET.items():
        BudgetLine.objects.create(
            meeting=meeting, category=category, budget=Decimal(amount), actual=Decimal(PAST_ACTUAL[category])
        )
    minutes_texts = [("es", "Acta de la reunión técnica."), ("en", "Minutes of the technical meeting.")]
    for language, text in minutes_texts:
        minutes = MeetingDocument(meeting=meeting, kind=MeetingDocument.Kind.MINUTES, language=language)
        minutes.title = "Acta" if language == "es" else "Minutes"
        minutes.file.save(f"minutes-{language}.txt", ContentFile(text.encode()), save=True)
    return meeting


def upcoming_meeting(starts_on: date) -> Meeting:
    meeting = new_meeting(
        UPCOMING_TITLE, starts_on, title_en="Technical meeting on return and reintegration",
        status=Meeting.Status.REGISTRATION_OPEN, format=Meeting.Format.HYBRID,
        online_link="https://meet.example.org/ricomi-retorno",
    )  # fmt: skip
    for index, code in enumerate(COUNTRIES):
        fields = {"status": Registration.Status.PENDING}
        if index < 4:
            fields = {"status": Registration.Status.APPROVED, "funded": True}
        delegate(meeting, index, code, **fields)
    delegate(meeting, 10, "MX", status=Registration.Status.WAITING)  # the eleventh: the waiting list
    for category, amount in BUDGET.items():
        BudgetLine.objects.create(meeting=meeting, category=category, budget=Decimal(amount))
    return meeting
