"""Load the demo data of every app; idempotent (a second run changes nothing)."""

from django.core.management.base import BaseCommand

from bulletins.demo import load_demo_bulletin
from exchanges.demo_offers import load_demo_offers
from exchanges.demo_projects import load_demo_projects
from initiatives.demo import load_demo_initiatives
from meetings.demo import load_demo_meetings
from network.demo import DEMO_PASSWORD, load_demo_network, totp_secret_base32


class Command(BaseCommand):
    help = "Load demo accounts and records for the quick start. Safe to run repeatedly."

    def handle(self, *args, **options):
        usernames = load_demo_network()
        initiatives = load_demo_initiatives()
        offers = load_demo_offers()  # cooperation offers and requests (exchanges)
        projects = load_demo_projects()  # cooperation projects and the fund (exchanges)
        meetings = load_demo_meetings()  # one held meeting and one with open registration
        load_demo_bulletin()  # the 2025 bulletin, built from the data above
        if initiatives or offers or projects or meetings:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo data loaded: {initiatives} initiatives, {offers} offers and requests, "
                    f"{projects} projects, {meetings} meetings added."
                )
            )
        else:
            self.stdout.write(self.style.SUCCESS("Demo data already loaded: nothing to add."))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}): {', '.join(usernames)}")
        self.stdout.write(
            "Staff need a second factor for /admin/: add this TOTP secret to an authenticator app "
            f"({totp_secret_base32()}) or run `make totp` for the current code."
        )
