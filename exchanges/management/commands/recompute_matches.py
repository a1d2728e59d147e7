"""Recompute every suggested pair of offers and requests from scratch."""

import time

from django.core.management.base import BaseCommand

from exchanges.matching import recompute_all


class Command(BaseCommand):
    help = (
        "Recompute the suggested offer-request pairs of every open, published record (keeps "
        "contacted, agreed and declined pairs as they are; sends no email)."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        report = recompute_all()
        self.stdout.write(
            f"{report.created} new, {report.updated} updated, {report.removed} removed "
            f"in {time.perf_counter() - started:.1f} s"
        )
