from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import User
from demo.seed import DEMO_PASSWORD, DEMO_USERS, seed


class Command(BaseCommand):
    help = (
        "Fill the database with clearly fictional demo data: sample wards, one sign-in per "
        "role, and a few hundred stakeholders with planted duplicates. Safe to run again: "
        "what exists is kept. Prints the sign-ins."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the database already has users (used by `make run`).",
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and User.objects.exists():
            self.stdout.write("Demo data: the database already has users; left as it is.")
        else:
            with transaction.atomic():
                seed(stdout=self.stdout)
        self.stdout.write(f"Demo sign-ins (the password for each is {DEMO_PASSWORD}):")
        for demo in DEMO_USERS:
            self.stdout.write(f"  {demo.role.label:<24} {demo.email}")
        required = (
            "on" if settings.ENGAGE_REQUIRE_2FA else "off (ENGAGE_REQUIRE_2FA=true turns it on)"
        )
        self.stdout.write(
            f"Two-factor sign-in is required of unit staff and administrators: {required}. "
            "When on, they set up an authenticator app at /accounts/two-factor/ on their "
            "first sign-in; anyone may set one up there from 'Your account'."
        )
