"""Send throughput of the outbox against a plain smtplib loop, to the same SMTP server.

Both sides build the same messages with Django's EmailMessage and send them over one connection
to an aiosmtpd server running in its own process (handler: Sink, which accepts and discards).
The outbox side also claims rows with SKIP LOCKED and commits one UPDATE per message sent; its
queueing (rendering and writing the rows) is timed apart.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ricomi_bench_outbox \\
        .venv/bin/python benchmarks/bench_outbox.py --messages 500 2000 --repeat 3

The database must be migrated; its outbox table is emptied before each run.
"""

import argparse
import smtplib
import socket
import statistics
import subprocess
import sys
import time

from django_setup import setup


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--messages", type=int, nargs="+", default=[500, 2000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=100)
    args = parser.parse_args()
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
        [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Sink"],
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        setup(
            EMAIL_URL=f"smtp://127.0.0.1:{port}", CELERY_BROKER_URL="", OUTBOX_BATCH_SIZE=str(args.batch_size)
        )
        print(
            f"{'messages':>8}  {'smtplib loop':>12}  {'outbox send':>12}  {'outbox queue':>12}  (messages/s)"
        )
        for count in args.messages:
            runs = [run_once(count, port) for _ in range(args.repeat)]
            plain, sent, queued = (statistics.median(run[i] for run in runs) for i in range(3))
            print(f"{count:>8}  {plain:>12.0f}  {sent:>12.0f}  {queued:>12.0f}")
    finally:
        server.terminate()
        server.wait()


def run_once(count: int, port: int) -> tuple[float, float, float]:
    from django.conf import settings
    from django.core.mail import EmailMessage

    from core import outbox
    from core.models import OutboundEmail
    from core.outbox import Recipient, queue_emails, send_due_emails

    outbox.wake_sender = lambda countdown=None: None  # the benchmark sends by itself, timed

    addresses = [f"person{i}@example.org" for i in range(count)]
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for address in addresses:
            message = EmailMessage("Boletín RICOMI", "Texto del boletín.\n" * 20, to=[address])
            smtp.sendmail(settings.DEFAULT_FROM_EMAIL, [address], message.message().as_bytes(linesep="\r\n"))
    plain = count / (time.perf_counter() - started)

    OutboundEmail.objects.all().delete()
    started = time.perf_counter()
    queue_emails(
        [Recipient(address, "es") for address in addresses],
        subject="Boletín RICOMI",
        body="Texto del boletín.\n" * 20,
        about="bench:1",
        key=f"bench:{time.time_ns()}",
    )
    queued = count / (time.perf_counter() - started)
    started = time.perf_counter()
    sent = send_due_emails()
    sending = count / (time.perf_counter() - started)
    if sent != count:
        raise RuntimeError(f"outbox sent {sent} of {count}")
    return plain, sending, queued


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"SMTP server not listening on {port}")


if __name__ == "__main__":
    main()
