"""Load the demo data of every app; idempotent (a second run changes nothing)."""

from django.core.management.base import BaseCommand

from bulletins.demo import load_demo_bulletin
from initiatives.demo import load_demo_initiatives
from network.demo import DEMO_PASSWORD, load_demo_network, totp_secret_base32


class Command(BaseCommand):
    help = "Load demo accounts and records for the quick start. Safe to run repeatedly."

    def handle(self, *args, **options):
        usernames = load_demo_network()
        initiatives = load_demo_initiatives()
        load_demo_bulletin()
        if initiatives:
            self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {initiatives} initiatives added."))
        else:
            self.stdout.write(self.style.SUCCESS("Demo data already loaded: nothing to add."))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}): {', '.join(usernames)}")
        self.stdout.write(
            "Staff need a second factor for /admin/: add this TOTP secret to an authenticator app "
            f"({totp_secret_base32()}) or run `make totp` for the current code."
        )
