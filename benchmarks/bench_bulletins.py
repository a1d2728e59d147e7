"""The annual bulletin at scale: building it for a year of 1,000 new initiatives (time and peak
memory per language), and sending it to 10,000 subscribers with two Celery workers through a
local SMTP server (messages per second, duplicates, losses).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ricomi_bench_bulletins \\
    CELERY_BROKER_URL=redis://127.0.0.1:6379/9 CELERY_RESULT_BACKEND=redis://127.0.0.1:6379/9 \\
        .venv/bin/python benchmarks/bench_bulletins.py --initiatives 1000 --subscribers 10000

The database must exist and be migrated; the script generates the initiatives (generate_initiatives.py,
then moves their publication into 2025) and replaces its bulletins, subscribers and outbox rows.
Each language is built in a child process of its own, so its peak memory (ru_maxrss) is its own.
Projects are not counted: the bulletin has no projects section yet (exchanges lands separately).
"""

import argparse
import os
import resource
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
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
    parser.add_argument("--subscribers", type=int, default=10000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--build-one", help=argparse.SUPPRESS)  # the child process of one language
    parser.add_argument("--skip-generate", action="store_true", help="reuse the initiatives")
    parser.add_argument("--skip-build", action="store_true", help="reuse the built PDFs: measure the send")
    args = parser.parse_args()
    if args.build_one:
        build_one(args.build_one)
        return
    if not args.skip_generate:
        generate(args.initiatives)
    setup()
    if not args.skip_build:
        build()
    send(args.subscribers, args.workers)


def build() -> None:
    bulletin = fresh_bulletin()
    print(f"build: {new_initiatives()} new initiatives in {YEAR}, bulletin build {bulletin.build_number}")
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
        cursor.execute(
            "UPDATE initiatives_initiative "
            "SET published_at = %s::timestamptz + random() * interval '364 days'",
            [f"{YEAR}-01-01"],
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
