"""Every URL of the site and the admin, as every role: nothing is read or changed beyond the role.

The URL patterns come from the resolver, not from a list: a new page is walked as soon as it is
routed. Path parameters are filled from a small world of two countries (Mexico, Guatemala): a
published record, drafts, a submitted record, documents, institutions, focal points. Admin
parameters are filled from the model behind each admin URL; a site pattern with a parameter the
walk has no values for fails the test, naming the pattern, instead of being skipped.

Each address is requested with GET and with an empty POST; every admin action of every model is
also run on that model's objects of both countries. Around each request the database is
fingerprinted (a checksum of every table, and each initiative's state, dates and children); the
request runs in a savepoint rolled back afterwards, so every address starts from the same world.
What a role may read and write is the ROLES table below, not the code under test.
"""

from dataclasses import dataclass, field

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from initiatives.models import Initiative, InitiativeDocument, Verification
from network.models import FocalPoint, Institution, Theme
from network.roles import CEAM_SECRETARIAT, TECHNICAL_SECRETARIAT
from tests.conftest import log_in_to_admin
from tests.factories import FocalPointFactory, InitiativeFactory, StaffFactory, UserFactory, country

from .walk import PARAMETER, fill, full_route, request_once, route_text, snapshot, url_patterns

State = Initiative.State
PUBLIC_STATES = {State.PUBLISHED, State.ARCHIVED}
BOTH = frozenset({"MX", "GT"})
NONE = frozenset()


@dataclass(frozen=True)
class Role:
    """What a kind of session may do: the table the walk checks every answer against."""

    name: str
    reach: frozenset = NONE  # countries whose unpublished records it may read
    writes: frozenset = NONE  # countries whose records it may change (drafts; confirm a published one)
    changes_public: bool = False  # may publish, archive, or change a published record's content
    admin: bool = False  # a staff account with a verified second factor
    changes_anything: bool = False  # the administrator


ROLES = [
    Role("anonymous"),
    Role("focal_point_mx", reach=frozenset({"MX"}), writes=frozenset({"MX"}), admin=True),
    Role("focal_point_gt", reach=frozenset({"GT"}), writes=frozenset({"GT"}), admin=True),
    Role("focal_point_without_staff", reach=frozenset({"MX"}), writes=frozenset({"MX"})),
    Role("user_without_role"),
    Role("staff_without_role", admin=True),
    Role("technical_secretariat", reach=BOTH, writes=BOTH, changes_public=True, admin=True),
    Role("ceam_secretariat", reach=BOTH, admin=True),
    Role("superuser", reach=BOTH, writes=BOTH, changes_public=True, admin=True, changes_anything=True),
]

# Tables whose changes are attributed to one initiative and judged by the ROLES table.
INITIATIVE_TABLES = {
    "initiatives_initiative", "initiatives_statechange", "initiatives_verification",
    "initiatives_initiativedocument", "initiatives_initiativelink", "initiatives_systemreference",
    "initiatives_initiative_themes", "initiatives_initiative_populations",
    "initiatives_initiative_gcm_objectives", "initiatives_initiative_partner_countries",
}  # fmt: skip
# Emails a change queues (the outbox): allowed only as the consequence of an allowed change.
NOTICE_TABLES = {"core_outboundemail"}


@dataclass
class World:
    """The records the walk fills URLs with, and the users of each role."""

    initiatives: dict[str, Initiative]
    institutions: list[Institution]
    focal_points: list[FocalPoint]
    users: dict[str, object]
    cooperation: dict = field(default_factory=dict)  # offers and requests (exchanges)
    projects: dict = field(default_factory=dict)  # cooperation projects and the fund (exchanges)

    def secrets_for(self, role: Role) -> list[str]:
        """Texts of unpublished records outside the role's reach: never in any answer it gets."""
        hidden = [i for i in self.initiatives.values() if not self.may_read(role, i)]
        secrets = [
            text for i in hidden for text in (i.title_es, i.slug, *(d.title for d in i.documents.all()))
        ]
        secrets += [r.title_es for r in self.cooperation.values() if not self.may_read(role, r)]
        return secrets + project_secrets(self, role)

    def may_read(self, role: Role, record) -> bool:
        if isinstance(record, Project):
            return may_read_project(role, record)
        country = record.lead_country if isinstance(record, Initiative) else record.country
        return record.state == State.PUBLISHED or country.code in role.reach


def build_world() -> World:
    mexico, guatemala = country("MX"), country("GT")
    fp_mx = FocalPointFactory(institution__country=mexico)
    fp_gt = FocalPointFactory(institution__country=guatemala)
    fp_mx_without_staff = FocalPointFactory(institution=fp_mx.institution, user__is_staff=False)
    users = {
        "focal_point_mx": fp_mx.user,
        "focal_point_gt": fp_gt.user,
        "focal_point_without_staff": fp_mx_without_staff.user,
        "user_without_role": UserFactory(),
        "staff_without_role": StaffFactory(),
        "technical_secretariat": StaffFactory(groups=[TECHNICAL_SECRETARIAT]),
        "ceam_secretariat": StaffFactory(groups=[CEAM_SECRETARIAT]),
        "superuser": StaffFactory(is_superuser=True),
    }
    draft, submitted = (
        {"state": State.DRAFT, "published_at": None},
        {"state": State.SUBMITTED, "published_at": None},
    )
    initiatives = {
        "published_mx": InitiativeFactory(title_es="Ventanilla pública de México", lead_country=mexico),
        "draft_mx": InitiativeFactory(title_es="Borrador reservado MX", lead_country=mexico, **draft),
        "draft_gt": InitiativeFactory(title_es="Borrador reservado GT", lead_country=guatemala, **draft),
        "submitted_gt": InitiativeFactory(
            title_es="Propuesta enviada GT", lead_country=guatemala, **submitted
        ),
    }
    for key, initiative in initiatives.items():
        document = InitiativeDocument(initiative=initiative, title=f"Anexo {initiative.title_es}", size=9)
        document.content_type = "application/pdf"
        document.file.save(f"{key}.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    Verification.objects.create(
        initiative=initiatives["published_mx"], by=fp_mx.user, on=timezone.localdate()
    )
    build_meetings_world()
    return World(
        initiatives=initiatives,
        institutions=[fp_mx.institution, fp_gt.institution],
        focal_points=[fp_mx, fp_gt],
        users=users,
        cooperation=build_cooperation(mexico, guatemala),
        projects=build_projects(fp_mx.user, fp_gt.user, users),
    )


def admin_objects(world: World, model) -> list:
    """The objects an admin URL of `model` is walked with: one per country where it matters."""
    chosen = {
        Initiative: [world.initiatives[key] for key in ("published_mx", "draft_mx", "draft_gt")],
        Institution: world.institutions,
        FocalPoint: world.focal_points,
        Group: list(Group.objects.order_by("pk")[:1]),
        TOTPDevice: list(TOTPDevice.objects.filter(user=world.users["superuser"])[:1]),
    }.get(model)
    if chosen is None and model is type(world.users["superuser"]):
        chosen = [world.users[name] for name in ("superuser", "focal_point_gt")]
    if chosen is None:
        chosen = list(model._default_manager.order_by("pk")[:1])
    return chosen or [None]  # no row: the walk still asks for a missing one


# --- meetings (issue 9): a held meeting with a delegate of each country, its session and minutes ---
# Delegates' data is checked by tests/meetings/test_pages.py (privacy); here every address of the
# app is walked as every role, with the empty POSTs that must change nothing.


def build_meetings_world() -> None:
    from meetings.models import MeetingDocument, Registration
    from tests.meetings.factories import MeetingFactory, RegistrationFactory, SessionFactory

    meeting = MeetingFactory(title_es="Reunión del recorrido", starts_on=timezone.localdate(), status="held")
    SessionFactory(meeting=meeting)
    approved = {"status": Registration.Status.APPROVED, "funded": True, "attendance": "attended"}
    RegistrationFactory(meeting=meeting, country=country("MX"), name="Delegada MX del recorrido", **approved)
    RegistrationFactory(meeting=meeting, country=country("GT"), name="Delegado GT del recorrido")
    minutes = MeetingDocument(meeting=meeting, kind="minutes", language="es", title="Acta del recorrido")
    minutes.file.save("acta.txt", ContentFile(b"acta"), save=True)


def walk_meetings():
    from meetings.models import Meeting

    return Meeting.objects.prefetch_related("sessions", "documents", "registrations")


def walk_registrations():
    from meetings.models import Registration

    return Registration.objects.order_by("pk")


def walk_tokens():
    from meetings.services import delegate_token

    return [delegate_token(r) for r in walk_registrations()] + ["forged:token"]


MEETINGS_PARAMETERS = {
    "meetings:detail": lambda w: [{"pk": m.pk, "slug": s} for m in walk_meetings() for s in (m.slug, "x")],
    "meetings:ics": lambda w: [{"pk": m.pk} for m in walk_meetings()],
    "meetings:session_ics": lambda w: [
        {"pk": m.pk, "session_pk": s.pk} for m in walk_meetings() for s in m.sessions.all()
    ],
    "meetings:document": lambda w: [
        {"pk": m.pk, "document_pk": d.pk} for m in walk_meetings() for d in m.documents.all()
    ],
    "meetings:registrations": lambda w: [{"pk": m.pk} for m in walk_meetings()],
    "meetings:decide": lambda w: [
        {"pk": r.meeting_id, "registration_pk": r.pk} for r in walk_registrations()
    ],
    "meetings:certificate": lambda w: [
        {"pk": r.meeting_id, "registration_pk": r.pk} for r in walk_registrations()
    ],
    "meetings:budget": lambda w: [{"pk": m.pk} for m in walk_meetings()],
    "meetings:budget_xlsx": lambda w: [{"pk": m.pk} for m in walk_meetings()],
    "meetings:pdf": lambda w: [
        {"pk": m.pk, "document": d}
        for m in walk_meetings()
        for d in ("participants", "badges", "report", "x")
    ],
    "meetings:delegate": lambda w: [{"token": t} for t in walk_tokens()],
    "meetings:delegate_ics": lambda w: [{"token": t} for t in walk_tokens()],
}


# Site patterns with path parameters: which values to walk them with (one dict of kwargs each).
SITE_PARAMETERS = {
    "feed_initiatives_country": lambda w: [{"code": "mx"}, {"code": "gt"}],
    "feed_initiatives_theme": lambda w: [{"slug": Theme.objects.order_by("pk").first().slug}],
    "country_detail": lambda w: [{"code": "mx"}, {"code": "gt"}],
    "password_reset_confirm": lambda w: [{"uidb64": "MQ", "token": "set-password"}],
    "network:institution_edit": lambda w: [{"pk": i.pk} for i in w.institutions],
    # "_subject": the record an address shows or acts on, for the reach check.
    "initiatives:detail": lambda w: [
        {"pk": i.pk, "slug": slug, "_subject": i} for i in w.initiatives.values() for slug in (i.slug, "x")
    ],
    "initiatives:edit": lambda w: [{"pk": i.pk, "_subject": i} for i in w.initiatives.values()],
    "initiatives:manage": lambda w: [{"pk": i.pk, "_subject": i} for i in w.initiatives.values()],
    "initiatives:document_upload": lambda w: [{"pk": i.pk, "_subject": i} for i in w.initiatives.values()],
    "initiatives:action": lambda w: [
        {"pk": i.pk, "action": action, "_subject": i}
        for i in w.initiatives.values()
        for action in ("submit", "publish", "return", "archive", "verify", "nonsense")
    ],
    "initiatives:document": lambda w: [
        {"pk": i.pk, "document_pk": d.pk, "_subject": i}
        for i in w.initiatives.values()
        for d in i.documents.all()
    ],
    "": lambda w: [{"path": "initiatives/1/none.pdf"}],  # media files, when DEBUG serves them
    **MEETINGS_PARAMETERS,
    # --- bulletins: signed links with a token that does not verify (valid ones: tests/bulletins);
    # a year without a bulletin in this world.
    "bulletins:confirm": lambda w: [{"token": "not-a-token"}],
    "bulletins:preferences": lambda w: [{"token": "not-a-token"}],
    "bulletins:unsubscribe": lambda w: [{"token": "not-a-token"}],
    "bulletins:detail": lambda w: [{"year": 2025}],
    "bulletins:pdf": lambda w: [{"year": 2025, "language": "es"}],
    # --- desk lane (issue 11): translating a record, in a language that exists and one that does not
    "initiatives:translate": lambda w: [
        {"pk": i.pk, "code": code, "_subject": i} for i in w.initiatives.values() for code in ("fr", "xx")
    ],
}


# --- exchanges: offers, requests and their matches ---------------------------------------------
from exchanges.models import CooperationMatch, CooperationOffer, CooperationRequest  # noqa: E402
from tests.exchanges.offer_factories import OfferFactory, RequestFactory  # noqa: E402

COOPERATION_MODELS = (CooperationOffer, CooperationRequest)
INITIATIVE_TABLES |= {
    f"exchanges_{model}{suffix}"
    for model in ("cooperationoffer", "cooperationrequest")
    for suffix in ("", "_themes", "_populations", "_initiatives")
} | {"exchanges_cooperationmatch"}


def build_cooperation(mexico, guatemala) -> dict:
    """A published offer and request of each side, drafts and a submitted request, a suggested pair."""
    unpublished = {"published_at": None}
    records = {
        "offer_mx": OfferFactory(title_es="Oferta pública de México", country=mexico),
        "request_gt": RequestFactory(title_es="Solicitud pública de Guatemala", country=guatemala),
        "draft_offer_mx": OfferFactory(
            title_es="Oferta reservada MX", country=mexico, state="draft", **unpublished
        ),
        "draft_request_gt": RequestFactory(
            title_es="Solicitud reservada GT", country=guatemala, state="draft", **unpublished
        ),
        "submitted_request_mx": RequestFactory(
            title_es="Solicitud enviada MX", country=mexico, state="submitted", **unpublished
        ),
    }
    CooperationMatch.objects.create(offer=records["offer_mx"], request=records["request_gt"], score=70)
    return records


def cooperation_parameters(kind: str):
    def values(world):
        records = [r for r in world.cooperation.values() if r.kind == kind]
        return [{"pk": r.pk, "slug": slug, "_subject": r} for r in records for slug in (r.slug, "x")]

    return values


def cooperation_actions(kind: str):
    def values(world):
        records = [r for r in world.cooperation.values() if r.kind == kind]
        actions = ("submit", "publish", "return", "nonsense")
        return [{"pk": r.pk, "action": action, "_subject": r} for r in records for action in actions]

    return values


SITE_PARAMETERS.update({
    **{f"exchanges:{kind}_detail": cooperation_parameters(kind) for kind in ("offer", "request")},
    **{
        f"exchanges:{kind}_edit": (lambda k: lambda w: [
            {"pk": r.pk, "_subject": r} for r in w.cooperation.values() if r.kind == k
        ])(kind)
        for kind in ("offer", "request")
    },
    **{f"exchanges:{kind}_action": cooperation_actions(kind) for kind in ("offer", "request")},
    "exchanges:match_status": lambda w: [{"pk": m.pk} for m in CooperationMatch.objects.all()],
    "exchanges:consolidation_export": lambda w: [{"file_format": f} for f in ("csv", "xlsx", "pdf")],
})  # fmt: skip


# --- exchanges: cooperation projects and the fund -------------------------------------------------
# Each project of the world involves one of the two walked countries and Colombia, so a change to it
# is judged against that one country (the "countries" map holds one code per record).
from core.models import OutboundEmail  # noqa: E402
from exchanges.models import Allocation, Contribution, Project  # noqa: E402
from exchanges.project_notifications import followup_token  # noqa: E402
from tests.exchanges.project_factories import IndicatorFactory, ProjectFactory, walk_to  # noqa: E402

INITIATIVE_TABLES |= {
    f"exchanges_{model}"
    for model in (
        "project", "historicalproject", "budgetline", "activity", "indicator", "measurement",
        "progressreport", "reportdocument", "ceamdecision", "followupanswer",
    )
}  # fmt: skip
FUND_TABLES = {"exchanges_fund", "exchanges_contribution", "exchanges_allocation", "exchanges_disbursement"}
FUND_MANAGERS = {"technical_secretariat", "superuser"}
FUND_READERS = FUND_MANAGERS | {"ceam_secretariat"}
FUND_SECRET = "Nota reservada del fondo"


def build_projects(user_mx, user_gt, users) -> dict:
    """A draft of each side, a submitted, an approved and a completed project; fund movements."""
    ceam = users["ceam_secretariat"]

    def project(title, code, state, user):
        draft = ProjectFactory(
            title_es=title, requesting_country=country(code), providing_country=country("CO")
        )
        return walk_to(draft, state, focal_point_user=user, ceam_user=ceam) if state != "draft" else draft

    projects = {
        "draft_gt": project("Proyecto reservado GT", "GT", "draft", user_gt),
        "draft_mx": project("Proyecto reservado MX", "MX", "draft", user_mx),
        "submitted_mx": project("Proyecto enviado MX", "MX", "submitted", user_mx),
        "approved_gt": project("Proyecto aprobado GT", "GT", "approved", user_gt),
        "completed_mx": project("Proyecto terminado MX", "MX", "completed", user_mx),
    }
    for record in projects.values():
        IndicatorFactory(project=record)
    treasurer = users["technical_secretariat"]
    Contribution.objects.create(contributor=country("ES"), amount=500, recorded_by=treasurer)  # pledged
    Contribution.objects.create(
        contributor=country("CA"), amount=9000, received_on=timezone.localdate(), recorded_by=treasurer
    )
    Allocation.objects.create(
        project=projects["approved_gt"], amount=100, note=FUND_SECRET, recorded_by=treasurer
    )
    # The CEAM's decisions queued emails; the outbox's rows are not this block's subject (posting the
    # read-only change form of one logs a "no fields changed" entry in django_admin_log).
    OutboundEmail.objects.all().delete()
    return projects


def may_read_project(role: Role, project: Project) -> bool:
    codes = {project.requesting_country.code, project.providing_country.code}
    return project.is_public or bool(codes & role.reach)


def project_secrets(world: World, role: Role) -> list[str]:
    hidden = [p.title_es for p in world.projects.values() if not may_read_project(role, p)]
    return hidden + ([] if role.name in FUND_READERS else [FUND_SECRET])


def project_countries(world: World) -> dict:
    """Each project's walked country (Mexico or Guatemala), keyed as its fingerprint is."""
    return {("project", p.pk): (p.requesting_country.code) for p in world.projects.values()}


def judge_fund_changes(role: Role, changed_tables: set) -> list[str]:
    if changed_tables & FUND_TABLES and role.name not in FUND_MANAGERS:
        return [f"changed {t}" for t in sorted(changed_tables & FUND_TABLES)]
    return []


def project_parameters(*extra):
    def values(world):
        keys = [dict(zip(("action",), e, strict=True)) for e in extra] or [{}]
        return [{"pk": p.pk, "_subject": p, **k} for p in world.projects.values() for k in keys]

    return values


def project_history_addresses(world: World) -> list["Address"]:
    """simple-history's page of one old version: its pattern has unnamed groups the walk cannot fill."""
    name = "admin:exchanges_project_simple_history"
    [route] = [full_route(pieces) for pieces, pattern_name in url_patterns() if pattern_name == name]
    return [
        Address(reverse(name, args=[p.pk, p.history.earliest().history_id]), name, route, (p,), True)
        for p in world.projects.values()
    ]


SITE_PARAMETERS.update({
    "exchanges:project_detail": project_parameters(),
    "exchanges:project_edit": project_parameters(),
    "exchanges:project_action": project_parameters(("submit",), ("start",), ("complete",), ("approve",)),
    "exchanges:measurement_add": project_parameters(),
    "exchanges:report_add": project_parameters(),
    "exchanges:report_document": lambda w: [
        {"pk": p.pk, "document_pk": 1, "_subject": p} for p in w.projects.values()
    ],
    "exchanges:project_from_match": lambda w: [{"match_pk": m.pk} for m in CooperationMatch.objects.all()],
    "exchanges:project_followup": lambda w: [
        {"token": followup_token(w.projects["completed_mx"], 6, country("MX").pk)}, {"token": "forged"}
    ],
})  # fmt: skip


@dataclass(frozen=True)
class Address:
    url: str
    pattern: str  # the pattern's name (or route), for messages
    route: str  # the pattern's route, parameters unfilled
    subjects: tuple = ()  # the records the URL was filled with
    in_admin: bool = False
    data: dict | None = None  # a form to POST (then the only request made); else GET and an empty POST

    def label(self, method: str) -> str:
        action = f" action={self.data['action']}" if self.data else ""
        return f"{method.upper()} {self.url}{action} [{self.pattern}]"


def addresses(world: World) -> tuple[list[Address], list[str]]:
    """Every address to walk, and a message for each pattern the walk cannot fill."""
    result, unknown = [], []
    models_by_prefix = {f"{m._meta.app_label}/{m._meta.model_name}/": m for m in admin.site._registry}
    for pieces, name in url_patterns():
        route = full_route(pieces)
        parameters = set(PARAMETER.findall(route))
        in_admin = route.startswith("/admin/")
        if not parameters:
            result.append(Address(route, name or route, route, in_admin=in_admin))
        elif in_admin:
            model = models_by_prefix.get(route_text(pieces[1])) if len(pieces) > 2 else None
            result += admin_addresses(world, route, name, parameters, model)
        elif name in SITE_PARAMETERS:
            for values in SITE_PARAMETERS[name](world):
                subjects = (values["_subject"],) if "_subject" in values else ()
                result.append(Address(fill(route, values), name, route, subjects))
        else:
            unknown.append(f"{route} (name {name!r}, parameters {sorted(parameters)})")
    return result + admin_action_addresses(world) + project_history_addresses(world), unknown


def admin_action_addresses(world: World) -> list[Address]:
    """Every admin action of every model, run on the world's objects of that model (all selected)."""
    result = []
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        selected = [o.pk for o in admin_objects(world, model) if o is not None]
        for _function, action, _description in model_admin._get_base_actions():
            data = {"action": action, "index": "0", "_selected_action": selected}
            subjects = tuple(o for o in admin_objects(world, model) if o is not None)
            result.append(Address(url, f"admin action {action}", url, subjects, True, data))
    return result


def admin_addresses(world, route, name, parameters, model) -> list[Address]:
    generic = {
        "app_label": [
            {"app_label": label} for label in sorted({m._meta.app_label for m in admin.site._registry})
        ],
        "url": [{"url": "nowhere/"}],
    }
    if parameters == {"content_type_id", "object_id"}:  # "view on site"
        from django.contrib.contenttypes.models import ContentType

        objects = [*world.initiatives.values(), *world.institutions, world.users["superuser"]]
        type_of = ContentType.objects.get_for_model
        return [
            Address(
                fill(route, {"content_type_id": type_of(o).pk, "object_id": o.pk}), name, route, (o,), True
            )
            for o in objects
        ]
    if parameters == {"pk", "language"}:  # bulletins: the admin's PDF preview of a missing bulletin
        return [Address(fill(route, {"pk": 999_999, "language": "es"}), name, route, in_admin=True)]
    if len(parameters) == 1 and (key := next(iter(parameters))) in generic:
        return [Address(fill(route, values), name, route, in_admin=True) for values in generic[key]]
    if model is not None and len(parameters) == 1:
        key = next(iter(parameters))
        return [
            Address(fill(route, {key: getattr(obj, "pk", 999_999)}), name or route, route, (obj,), True)
            for obj in admin_objects(world, model)
        ]
    raise AssertionError(f"The walk cannot fill the admin pattern {route} ({name!r}): teach admin_addresses")


VERIFYING = {"updated_at", "last_verified_on", "verifications"}


def judge_changes(role: Role, countries: dict, baseline, after) -> list[str]:
    """What changed that the role may not change, in words; empty when all is within its rights."""
    (before, initiatives_before), (after, initiatives_after) = baseline, after
    if role.changes_anything:
        return []
    changed_tables = {t for t in before if before[t] != after.get(t)}
    problems = judge_fund_changes(role, changed_tables)
    changed_tables -= FUND_TABLES
    problems += [f"changed {t}" for t in sorted(changed_tables - INITIATIVE_TABLES - NOTICE_TABLES)]
    if changed_tables & NOTICE_TABLES and initiatives_before == initiatives_after:
        problems.append("queued an email without changing any record")
    problems += [f"created initiative {pk}" for pk in set(initiatives_after) - set(initiatives_before)]
    for pk, old in initiatives_before.items():
        new = initiatives_after.get(pk, {})
        changed = {key for key in old if old[key] != new.get(key)}
        public = old["state"] in PUBLIC_STATES or new.get("state") in PUBLIC_STATES
        if not changed:
            continue
        if countries[pk] not in role.writes:
            problems.append(f"changed initiative {pk} of {countries[pk]} ({sorted(changed)})")
        elif public and not role.changes_public and not changed <= VERIFYING:
            problems.append(f"changed public initiative {pk} ({sorted(changed)})")
    return problems


# --- the walk -----------------------------------------------------------------------------------


def client_for(role: Role, world: World):
    from django.test import Client

    client = Client()
    user = world.users.get(role.name)
    if user is None:
        return client
    if role.admin:
        log_in_to_admin(client, user)
    else:
        client.force_login(user)
    return client


ADMIN_PAGES_OPEN_TO_ALL = {"admin:login", "admin:logout"}
REFUSED = {302, 400, 403, 404, 405}  # 302: to the login page, or the admin's "does not exist"


def judge_answer(role: Role, world: World, address: Address, response, body: bytes) -> list[str]:
    """What the answer shows that the role may not see, in words."""
    problems = []
    if response.status_code >= 500:
        problems.append(f"answered {response.status_code}")
    text = body.decode("utf-8", "replace") + response.get("Location", "")
    for secret in world.secrets_for(role):
        if secret in text:
            problems.append(f"reveals {secret!r}")
    records = (Initiative, *COOPERATION_MODELS, Project)
    hidden = [s for s in address.subjects if isinstance(s, records) and not world.may_read(role, s)]
    if hidden and response.status_code not in REFUSED:
        problems.append(f"answered {response.status_code} on a record outside its reach")
    sent_to_login = response.status_code == 302 and response["Location"].startswith("/admin/login/")
    if (
        address.in_admin
        and not role.admin
        and address.pattern not in ADMIN_PAGES_OPEN_TO_ALL
        and not sent_to_login
    ):
        problems.append(f"answered {response.status_code} in the admin without a second factor")
    return problems


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.name)
def test_no_role_reads_or_changes_beyond_its_rights_at_any_url(role, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed, not safety, here
    world = build_world()
    client = client_for(role, world)
    walk, unknown = addresses(world)
    countries = {i.pk: i.lead_country.code for i in world.initiatives.values()}
    countries.update({(r.kind, r.pk): r.country.code for r in world.cooperation.values()})
    countries.update(project_countries(world))
    problems, statuses, changed = [], {}, []

    baseline = snapshot()

    for address in walk:
        for method in ("post",) if address.data else ("get", "post"):
            response, error, body, after = request_once(client, method, address.url, baseline, address.data)
            found = [f"raised {error!r}"] if error else judge_answer(role, world, address, response, body)
            found += judge_changes(role, countries, baseline, after)
            changed += [address.label(method)] if after != baseline else []
            statuses.setdefault((method, address.url), response.status_code if response else None)
            problems += [f"{address.label(method)}: {problem}" for problem in found]

    assert unknown == [], "URL patterns the walk has no parameter values for (add them to SITE_PARAMETERS)"
    assert problems == [], "\n".join(problems)
    assert statuses["get", "/admin/"] == (200 if role.admin else 302)  # the role's session did work
    assert bool(changed) == bool(role.writes)  # the empty POSTs do submit, verify, publish where allowed
    own_draft = world.initiatives["draft_mx"]
    assert statuses["get", own_draft.get_absolute_url()] == (200 if "MX" in role.reach else 404)


def test_a_new_page_with_parameters_the_walk_cannot_fill_is_reported_not_skipped(db, settings):
    settings.ROOT_URLCONF = "tests.access.urls_with_a_new_page"

    _walk, unknown = addresses(build_world())

    assert unknown == ["/es/widgets/<int:widget_id>/ (name 'widget', parameters ['widget_id'])"]


def test_every_url_pattern_of_the_site_and_the_admin_is_walked(db):
    walk, unknown = addresses(build_world())

    walked = {address.route for address in walk}
    assert walked == {full_route(pieces) for pieces, _name in url_patterns()}
    assert unknown == []
