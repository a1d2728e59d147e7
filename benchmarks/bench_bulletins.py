"""The annual bulletin at scale: building it for a year of 1,000 new initiatives and 200 projects
(time and peak memory per language), and sending it to 10,000 subscribers with two Celery workers
through a local SMTP server (messages per second, duplicates, losses).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ricomi_bench_bulletins \\
    CELERY_BROKER_URL=redis://127.0.0.1:6379/9 CELERY_RESULT_BACKEND=redis://127.0.0.1:6379/9 \\
        .venv/bin/python benchmarks/bench_bulletins.py --initiatives 1000 --projects 200 \\
        --subscribers 10000

The database must exist and be migrated (its own, never a test database); the script generates the
initiatives (generate_initiatives.py, then moves their publication into 2025), then replaces the
projects, fund movements, offers, requests, matches and meetings with generated ones of 2025 (fixed
seed, see generate_exchanges), and its bulletins, subscribers and outbox rows.
Each language is built in a child process of its own, so its peak memory (ru_maxrss) is its own.
`--skip-send` stops after the build.
"""

import argparse
import os
import random
import resource
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

from django_setup import REPO_ROOT, setup

LANGUAGES = ["es", "en", "fr", "pt"]
YEAR = 2025
QUEUE = "bench-bulletins"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--initiatives", type=int, default=1000)
    parser.add_argument("--projects", type=int, default=200)
    parser.add_argument("--subscribers", type=int, default=10000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--build-one", help=argparse.SUPPRESS)  # the child process of one language
    parser.add_argument("--skip-generate", action="store_true", help="reuse the initiatives")
    parser.add_argument("--skip-build", action="store_true", help="reuse the built PDFs: measure the send")
    parser.add_argument("--skip-send", action="store_true", help="measure the build only")
    args = parser.parse_args()
    if args.build_one:
        build_one(args.build_one)
        return
    if not args.skip_generate:
        generate(args.initiatives)
        generate_exchanges(args.projects, seed=1)
    setup()
    if not args.skip_build:
        build()
    if not args.skip_send:
        send(args.subscribers, args.workers)


def build() -> None:
    bulletin = fresh_bulletin()
    print(f"build: {new_initiatives()} new initiatives in {YEAR}, {exchanges_size()}, "
          f"bulletin build {bulletin.build_number}")  # fmt: skip
    for language in LANGUAGES:
        out = subprocess.run(  # noqa: S603 - our own interpreter and script
            [sys.executable, __file__, "--build-one", language], capture_output=True, text=True, check=True
        )
        print(out.stdout.strip().splitlines()[-1])


def generate(count: int) -> None:
    script = Path(__file__).with_name("generate_initiatives.py")
    command = [sys.executable, script, "--initiatives", str(count), "--seed", "1", "--reset"]
    subprocess.run(command, check=True)  # noqa: S603 - our own interpreter and script
    setup()
    from django.db import connection

    with connection.cursor() as cursor:  # every one of them new in the bulletin's year
        cursor.execute("SELECT setseed(0.5)")  # the same dates on every run
        cursor.execute(
            "UPDATE initiatives_initiative "
            "SET published_at = %s::timestamptz + random() * interval '364 days'",
            [f"{YEAR}-01-01"],
        )


GENERATED = "bench-bulletins"  # the username of the generated records' author


def generate_exchanges(count: int, seed: int) -> None:
    """Replace the exchanges and meetings data with `count` projects that the bulletin of YEAR shows
    (approved, in execution, completed; 2-3 indicators each with their measurements), a year of
    fund movements, offers, requests and agreed matches, and one meeting held."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from network.models import Country

    rng = random.Random(seed)
    countries = list(Country.objects.in_americas().order_by("code"))
    author, _created = get_user_model().objects.get_or_create(username=GENERATED)
    with transaction.atomic():
        clear_exchanges()
        matches = generate_cooperation(rng, countries, author)
        projects = generate_projects(rng, count, countries, matches)
        generate_indicators(rng, projects, author)
        generate_fund(rng, projects, countries, author)
        generate_meeting(rng, countries, projects, matches)


def clear_exchanges() -> None:
    from exchanges import models as exchanges
    from meetings.models import Meeting

    # Children before what they protect: disbursements, allocations, then projects and offers.
    for model in (
        exchanges.Disbursement, exchanges.Allocation, exchanges.Contribution, Meeting, exchanges.Project,
        exchanges.CooperationMatch, exchanges.CooperationOffer, exchanges.CooperationRequest,
    ):  # fmt: skip
        model.objects.all().delete()


def phrase(rng: random.Random, words: int) -> dict:
    """A generated phrase in the four languages (the same concepts, each language's words)."""
    from vocabulary import CONCEPTS

    picked = rng.sample(CONCEPTS, words)
    return {
        language: " ".join(entry[n] for entry in picked).capitalize() for n, language in enumerate(LANGUAGES)
    }


def translated(field: str, texts: dict) -> dict:
    return {field: texts["es"], **{f"{field}_{language}": text for language, text in texts.items()}}


def in_year(rng: random.Random, first: int = 0, last: int = 364) -> date:
    return date(YEAR, 1, 1) + timedelta(days=rng.randint(first, last))


def generate_cooperation(rng: random.Random, countries: list, author) -> list:
    """30 offers and 30 requests published in YEAR, with themes; 12 pairs agreed in YEAR."""
    from exchanges.models import CooperationMatch, CooperationOffer, CooperationRequest, Modality
    from network.models import Theme

    themes = list(Theme.objects.all())
    records = {}
    for model in (CooperationOffer, CooperationRequest):
        records[model] = model.objects.bulk_create(
            model(
                **translated("title", phrase(rng, 6)), **translated("description", phrase(rng, 20)),
                country=rng.choice(countries), modality=rng.choice(Modality.values), working_languages=["es"],
                state="published", status="open",
                published_at=datetime.combine(in_year(rng), clock(12), tzinfo=UTC),
            )
            for _n in range(30)
        )  # fmt: skip
        for record in records[model]:
            record.themes.set(rng.sample(themes, rng.randint(1, 3)))
    pairs = zip(records[CooperationOffer][:12], records[CooperationRequest][:12], strict=True)
    return CooperationMatch.objects.bulk_create(
        CooperationMatch(
            offer=offer, request=request, score=rng.randint(40, 95), status=CooperationMatch.Status.AGREED,
            status_changed_at=datetime.combine(in_year(rng, 0, 200), clock(12), tzinfo=UTC),
            status_changed_by=author,
        )
        for offer, request in pairs
    )  # fmt: skip


def generate_projects(rng: random.Random, count: int, countries: list, matches: list) -> list:
    """A quarter approved in YEAR, 45% in execution (some approved the year before), 30% completed in YEAR."""
    from exchanges.models import BudgetLine, Project

    projects = []
    for n in range(count):
        state = Project.State.APPROVED if n < count // 4 else Project.State.IN_EXECUTION
        state = Project.State.COMPLETED if n >= count * 7 // 10 else state
        # Running and completed ones approved earlier in the year, or the year before (a third).
        decided = in_year(rng, 0, 300 if state == Project.State.APPROVED else 150)
        if state != Project.State.APPROVED and rng.random() < 0.3:
            decided -= timedelta(days=365)
        start = decided + timedelta(days=rng.randint(15, 60))
        requesting, providing = rng.sample(countries, 2)
        completed = None
        if state == Project.State.COMPLETED:
            completed = max(start + timedelta(days=30), in_year(rng, 200, 360))
        projects.append(
            Project(
                **translated("title", phrase(rng, 6)), **translated("summary", phrase(rng, 30)),
                **translated("objectives", phrase(rng, 20)),
                requesting_country=requesting, providing_country=providing,
                from_match=matches[n] if n < len(matches) else None,
                start_date=start, end_date=(completed or start) + timedelta(days=rng.randint(90, 540)),
                state=state, ceam_reference=f"CEAM/{decided.year}/{n + 1:03}", ceam_decided_on=decided,
                completed_on=completed,
            )
        )  # fmt: skip
    projects = Project.objects.bulk_create(projects)
    BudgetLine.objects.bulk_create(
        BudgetLine(
            project=project, category=category, description=phrase(rng, 4)["es"],
            requested_from_fund=rng.randint(5, 40) * 1000, co_financed=rng.randint(2, 20) * 1000,
        )
        for project in projects
        for category in rng.sample(BudgetLine.Category.values, 2)
    )  # fmt: skip
    return projects


def generate_indicators(rng: random.Random, projects: list, author) -> None:
    """2-3 indicators a project; 1-3 measurements each once the project has started."""
    from exchanges.models import Indicator, Measurement

    units = ["funcionarios capacitados", "días", "%", "protocolos adoptados"]
    indicators = Indicator.objects.bulk_create(
        Indicator(
            project=project, name=phrase(rng, 5)["es"], unit=rng.choice(units),
            baseline=rng.randint(0, 20), target=rng.randint(30, 200),
        )
        for project in projects
        for _n in range(rng.randint(2, 3))
    )  # fmt: skip
    last = date(YEAR, 12, 31)
    measurements = []
    for indicator in indicators:
        project = indicator.project
        if project.state == project.State.APPROVED or project.start_date > last:
            continue
        span = (min(project.completed_on or last, last) - project.start_date).days
        for day in sorted(rng.sample(range(span + 1), min(rng.randint(1, 3), span + 1))):
            value = rng.uniform(float(indicator.baseline), float(indicator.target) * 1.1)
            measured = project.start_date + timedelta(days=day)
            measurements.append(
                Measurement(indicator=indicator, measured_on=measured, value=round(value, 2),
                            source="Informe de avance", recorded_by=author)
            )  # fmt: skip
    Measurement.objects.bulk_create(measurements)


def generate_fund(rng: random.Random, projects: list, countries: list, author) -> None:
    """8 contributions received in YEAR; allocations to 40 approved or running projects, half disbursed."""
    from exchanges.models import Allocation, Contribution, Disbursement

    Contribution.objects.bulk_create(
        Contribution(
            contributor=country, amount=rng.randint(20, 150) * 1000, pledged_on=date(YEAR, 1, 15),
            received_on=in_year(rng, 30, 330), recorded_by=author,
        )
        for country in rng.sample(countries, 8)
    )  # fmt: skip
    fundable = [p for p in projects if p.state in p.FUNDABLE_STATES and p.ceam_decided_on.year == YEAR]
    allocations = Allocation.objects.bulk_create(
        Allocation(
            project=project, amount=rng.randint(5, 30) * 1000,
            allocated_on=max(project.ceam_decided_on, date(YEAR, 1, 2)), recorded_by=author,
        )
        for project in rng.sample(fundable, min(40, len(fundable)))
    )  # fmt: skip
    Disbursement.objects.bulk_create(
        Disbursement(
            allocation=allocation, amount=allocation.amount / 2,
            disbursed_on=min(allocation.allocated_on + timedelta(days=30), date(YEAR, 12, 31)),
            recorded_by=author,
        )
        for allocation in allocations[::2]
    )  # fmt: skip


def generate_meeting(rng: random.Random, countries: list, projects: list, matches: list) -> None:
    """One meeting held in YEAR, attended by two delegates of each country, with its outcomes linked."""
    from meetings.models import Meeting, Registration

    start = date(YEAR, 10, 14)
    meeting = Meeting.objects.create(
        **translated("title", phrase(rng, 5)), country=rng.choice(countries), city="Ciudad de prueba",
        starts_on=start, ends_on=start + timedelta(days=2), status=Meeting.Status.HELD, seats=80,
    )  # fmt: skip
    Registration.objects.bulk_create(
        Registration(
            meeting=meeting, country=country, name=f"Delegado {n} {country.code}", institution="Migración",
            email=f"d{n}.{country.code.lower()}@example.org", status=Registration.Status.APPROVED,
            attendance=Registration.Attendance.ATTENDED,
        )
        for country in countries
        for n in range(2)
    )  # fmt: skip
    meeting.offers.set([match.offer for match in matches[:3]])
    meeting.projects.set(projects[:2])


def exchanges_size() -> str:
    from django.db.models import Count

    from exchanges.models import CooperationMatch, Indicator, Measurement, Project
    from meetings.models import Meeting

    states = dict(Project.objects.order_by().values_list("state").annotate(n=Count("pk")))
    return (
        f"{Project.objects.count()} projects {states}, {Indicator.objects.count()} indicators, "
        f"{Measurement.objects.count()} measurements, {CooperationMatch.objects.count()} agreed matches, "
        f"{Meeting.objects.count()} meeting"
    )


def new_initiatives() -> int:
    from initiatives.selectors import initiatives_published_in

    return initiatives_published_in(YEAR).count()


def fresh_bulletin():
    from bulletins.models import Bulletin, Delivery
    from core.models import OutboundEmail, RenderedDocument

    Delivery.objects.all().delete()
    OutboundEmail.objects.all().delete()
    RenderedDocument.objects.filter(key__startswith="bulletins.").delete()
    Bulletin.objects.all().delete()
    return Bulletin.objects.create(year=YEAR, build_number=1, introduction_es="Boletín de prueba.")


def build_one(language: str) -> None:
    setup()
    from bulletins.models import Bulletin
    from bulletins.pdf import build_bulletin_pdf

    bulletin = Bulletin.objects.get(year=YEAR)
    started = time.perf_counter()
    document = build_bulletin_pdf(bulletin, language)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    from pypdf import PdfReader

    with document.file.open("rb") as stored:
        pages = len(PdfReader(stored).pages)
    size = document.size / 1024
    print(f"  {language}: {seconds:.1f} s, peak memory {peak_mb:.0f} MB, {size:.0f} KiB, {pages} pages")


class CountingHandler:
    """Counts each recipient the server accepts a message for; keeps nothing else."""

    def __init__(self):
        self.received = Counter()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.received.update(envelope.rcpt_tos)
        return "250 OK"


def send(count: int, workers: int) -> None:
    import logging

    from aiosmtpd.controller import Controller
    from django.db.models import Count

    from bulletins import services
    from bulletins.models import Bulletin, Delivery, Subscriber
    from core.models import OutboundEmail

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command at INFO
    handler = CountingHandler()
    port = free_port()
    server = Controller(handler, hostname="127.0.0.1", port=port, data_size_limit=0)
    server.start()
    bulletin = Bulletin.objects.get(year=YEAR)
    services.finish_build(bulletin, 1)
    Bulletin.objects.filter(pk=bulletin.pk).update(status=Bulletin.Status.BUILT)  # a previous run sent it
    bulletin.refresh_from_db()
    Delivery.objects.all().delete()
    OutboundEmail.objects.all().delete()
    Subscriber.objects.all().delete()
    Subscriber.objects.bulk_create(
        Subscriber(email=f"reader{n:05}@example.org", language=LANGUAGES[n % 4], status="confirmed")
        for n in range(count)
    )
    processes = start_workers(workers, port)
    try:
        started = time.perf_counter()
        queued = services.send_bulletin(bulletin)
        queueing = time.perf_counter() - started
        waiting = OutboundEmail.objects.filter(status__in=["queued", "sending"])
        while waiting.exists():
            time.sleep(0.5)
        sending = time.perf_counter() - started
    finally:
        for process in processes:
            process.terminate()
            process.wait()
        server.stop()
    addresses = set(Subscriber.objects.values_list("email", flat=True))
    duplicates = sum(1 for n in handler.received.values() if n > 1)
    lost = len(addresses - set(handler.received))
    statuses = dict(OutboundEmail.objects.values_list("status").annotate(n=Count("pk")))
    attached = "attached" if OutboundEmail.objects.exclude(attachment="").exists() else "linked"
    print(f"send ({attached} PDF): {queued} deliveries queued in {queueing:.1f} s; "
          f"all answered after {sending:.1f} s "
          f"with {workers} workers: {count / sending:.0f} messages/s; duplicates {duplicates}, lost {lost}; "
          f"rows {statuses}")  # fmt: skip


def start_workers(count: int, port: int) -> list:
    env = {
        **os.environ,
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "CELERY_TASK_DEFAULT_QUEUE": QUEUE,
    }
    from ricomi.celery import app

    app.conf.task_default_queue = QUEUE
    app.conf.task_always_eager = False
    processes = [
        subprocess.Popen(worker_command(index), cwd=REPO_ROOT, env=env)  # noqa: S603 - fixed arguments
        for index in range(count)
    ]
    time.sleep(8)  # ready: the workers connect to the broker
    return processes


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def worker_command(index: int) -> list[str]:
    return [
        sys.executable, "-m", "celery", "-A", "ricomi", "worker", "--pool=solo", "-Q", QUEUE,
        "-n", f"bench{index}@%h", "--without-gossip", "--without-mingle", "--loglevel=WARNING",
    ]  # fmt: skip


if __name__ == "__main__":
    main()
