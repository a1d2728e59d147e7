"""Meetings at scale: registering under the seat lock, the registrations and budget pages, and PDFs.

A meeting with N delegates (spread over the countries of the Americas, half of them approved and
funded, the rest awaiting approval or on the waiting list) is made in its own database, then:

- register: `services.register_delegate` (lock the meeting, count the seats, write, queue the email);
- registrations page and budget page: server time through django.test.Client, DEBUG off;
- participant list PDF: the first request (rendered by WeasyPrint and stored) and the next ones
  (served from storage).

    createdb -h 127.0.0.1 -U postgres ricomi_bench_meetings
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ricomi_bench_meetings \\
        .venv/bin/python benchmarks/bench_meetings.py --delegates 100 1000 --requests 30
"""

# ruff: noqa: E402 - Django is configured before the project's modules are imported

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.django_setup import setup

STATIC_ROOT = Path(tempfile.gettempdir()) / "ricomi-bench-static"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="ricomi-bench-media-"))
setup(
    DEBUG="False", ALLOWED_HOSTS="testserver", SECRET_KEY=secrets.token_urlsafe(50),
    STATIC_ROOT=str(STATIC_ROOT), MEDIA_ROOT=str(MEDIA_ROOT), CELERY_BROKER_URL="", EMAIL_URL="dummymail://",
)  # fmt: skip

from django.core.management import call_command
from django.db import connection
from django.test import Client

from core.models import OutboundEmail, RenderedDocument
from meetings import services
from meetings.models import Meeting, Registration
from network.models import Country
from network.roles import TECHNICAL_SECRETARIAT


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--delegates", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    secretariat = secretariat_user()
    client = Client()
    client.force_login(secretariat)
    print(f"{'delegates':>9}  {'case':<28} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for count in args.delegates:
        meeting = make_meeting(count)
        pdf = f"/es/meetings/{meeting.pk}/participants.pdf"
        first_pdf = timed(lambda url=pdf: get(client, url))[0]
        print(f"{count:>9}  {'participant list PDF, first':<28} {first_pdf:>10.1f} {'':>8} {'':>8}")
        cases = [  # registering last: a new delegate changes the PDF's version
            ("participant list PDF, stored", lambda url=pdf: get(client, url)),
            ("registrations page", lambda m=meeting: get(client, f"/es/meetings/{m.pk}/registrations/")),
            ("budget page", lambda m=meeting: get(client, f"/es/meetings/{m.pk}/budget/")),
            ("register (service)", lambda m=meeting: register_one(m, secretariat)),
        ]
        for name, run in cases:
            times, queries = zip(*(timed(run) for _ in range(args.requests)), strict=True)
            p95 = statistics.quantiles(times, n=20)[-1]
            print(f"{count:>9}  {name:<28} {statistics.median(times):>10.1f} {p95:>8.1f} {max(queries):>8}")
        meeting.delete()
    OutboundEmail.objects.filter(about__startswith="meetings.").delete()
    RenderedDocument.objects.filter(key__startswith="meetings.").delete()


def secretariat_user():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user, _ = get_user_model().objects.get_or_create(
        username="bench-secretariat", defaults={"is_staff": True}
    )
    user.groups.add(Group.objects.get(name=TECHNICAL_SECRETARIAT))
    return user


def make_meeting(count: int) -> Meeting:
    from datetime import date, timedelta

    start = date.today() + timedelta(days=30)  # noqa: DTZ011 - a date a month ahead, the zone does not matter
    meeting = Meeting.objects.create(
        title_es=f"Reunión de prueba ({count})", starts_on=start, ends_on=start + timedelta(days=2),
        status=Meeting.Status.REGISTRATION_OPEN, seats=count * 3 // 4, funded_seats_per_country=count,
    )  # fmt: skip
    countries = list(Country.objects.in_americas())
    Registration.objects.bulk_create(
        Registration(
            meeting=meeting,
            country=countries[n % len(countries)],
            name=f"Delegado {n}",
            institution="Migración",
            email=f"d{n}.{meeting.pk}@example.org",
            arrival_on=start - timedelta(days=1),
            departure_on=start,
            status=status_of(n, count),
            funded=n < count // 2,
        )
        for n in range(count)
    )
    return meeting


def status_of(n: int, count: int) -> str:
    if n < count // 2:
        return Registration.Status.APPROVED
    return Registration.Status.PENDING if n < count * 3 // 4 else Registration.Status.WAITING


def register_one(meeting: Meeting, by) -> None:
    data = {"name": "Nuevo", "institution": "Migración", "email": f"{secrets.token_hex(6)}@example.org"}
    services.register_delegate(meeting, country=Country.objects.get(code="MX"), by=by, data=data)


def get(client: Client, url: str) -> None:
    response = client.get(url, secure=True)  # over HTTPS, as behind the production proxy
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    if response.streaming:
        b"".join(response.streaming_content)


def timed(run) -> tuple[float, int]:
    queries = []
    with connection.execute_wrapper(lambda execute, *a: queries.append(1) or execute(*a)):
        started = time.perf_counter()
        run()
        elapsed = (time.perf_counter() - started) * 1000
    return elapsed, len(queries)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
