"""Print the current TOTP code of the demo accounts (development only)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP

from network.demo import DEMO_TOTP_KEY


class Command(BaseCommand):
    help = "Print the current one-time code of the demo staff accounts (only when DEBUG is on)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("demo_totp is for development machines only (DEBUG is off).")
        self.stdout.write(f"{TOTP(bytes.fromhex(DEMO_TOTP_KEY)).token():06d}")
