import re
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from core.roles import Role
from workplans.fy import fy_of
from workplans.models import WorkPlan
from workplans.models.scope import is_editor
from workplans.services.imports import ImportRefused, ImportResult, import_file_into_plan
from workplans.services.plans import plan_create

DEFAULT_UNIT = "MPS Strategic Consultation Unit"
MAX_PERIOD = 10  # years: "2005/02" is a slip, not a plan until 2102


def parse_period(text: str) -> tuple[int, int]:
    """'2002/05' -> (2002, 2004): financial years 2002/03 to 2004/05. '2002/03' is one
    year; the end may be written in full ('2002/2005')."""
    found = re.fullmatch(r"\s*(\d{4})\s*[/-]\s*(\d{2}|\d{4})\s*", text or "")
    if not found:
        raise CommandError(f"--period “{text}”: write it like 2002/05 (2002/03 to 2004/05).")
    starts, end = int(found[1]), int(found[2])
    if len(found[2]) == 2:
        # The first year after the start that ends in those digits: 1999/02 ends in 2002.
        end = starts + (end - starts) % 100
    if not starts < end <= starts + MAX_PERIOD:
        raise CommandError(
            f"--period “{text}”: a plan ends after it starts, within {MAX_PERIOD} years."
        )
    return starts, end - 1


class Command(BaseCommand):
    help = (
        "Import a work plan table (CSV or XLSX) into the plan with the title given by "
        "--plan, or into a new draft plan with that title. The table's shape is recognised "
        "by its headings: outcomes sought/action required/implementation targets/year/"
        "responsibility, or recommendations/how/by when/lead officer/performance indicator, "
        "or engage's own export. Rows that continue the outcome or action above (blank "
        "cells) go under it. Every row with an error is printed with its row number; then "
        "nothing is written (and the command fails) unless --skip-invalid leaves those rows "
        "out. The import is made as --owner, or else as the first active administrator."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the CSV or XLSX file")
        parser.add_argument("--plan", required=True, help="the plan's title")
        parser.add_argument(
            "--dry-run", action="store_true", help="check every row and write nothing"
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="leave out the rows with errors (and the rows continuing them)",
        )
        parser.add_argument(
            "--period",
            help="a new plan's financial years, like 2002/05 for 2002/03 to 2004/05 "
            "(default: this financial year and the next two)",
        )
        parser.add_argument(
            "--owner",
            help="email of the unit staff member or administrator the import is made as; "
            "a new plan's owner (default: the first active administrator, no owner)",
        )
        parser.add_argument(
            "--unit", default=DEFAULT_UNIT, help=f"a new plan's owning unit ({DEFAULT_UNIT})"
        )

    def handle(self, *args, file: Path, plan: str, dry_run, skip_invalid, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        acting_user, owner = self.acting_user(options["owner"])
        existing = list(WorkPlan.objects.filter(title__iexact=plan.strip()))
        if len(existing) > 1:
            raise CommandError(f"{len(existing)} plans are called “{plan}”: rename one first.")
        try:
            with transaction.atomic():
                if existing:
                    target, made = existing[0], ""
                else:
                    target, made = self.new_plan(plan, options, acting_user, owner, dry_run)
                result = import_file_into_plan(
                    content=file.read_bytes(),
                    filename=file.name,
                    plan=target,
                    acting_user=acting_user,
                    skip_invalid=skip_invalid,
                    dry_run=dry_run,
                )
        except ImportRefused as refusal:
            self.report(refusal.result, None, "")
            raise CommandError(self.refusal(refusal.result)) from refusal
        except ValidationError as error:
            raise CommandError(" ".join(error.messages) + " Nothing was written.") from error
        self.report(result, target, made)
        if dry_run and result.errors and not skip_invalid:
            raise CommandError(self.refusal(result))

    @staticmethod
    def refusal(result: ImportResult) -> str:
        rows = result.rows_skipped
        return (
            f"{rows} row{'s have' if rows != 1 else ' has'} errors. Nothing was written: "
            "correct them, or give --skip-invalid to leave them out."
        )

    def acting_user(self, email):
        users = get_user_model().objects.filter(is_active=True)
        if email:
            user = users.filter(email__iexact=email).first()
            if user is None or not is_editor(user):
                raise CommandError(
                    f"--owner {email}: no active unit staff member or administrator has "
                    "that email address."
                )
            return user, user
        user = users.filter(groups__name=Role.ADMINISTRATOR.value).order_by("pk").first()
        if user is None:
            raise CommandError("There is no active administrator: give --owner EMAIL.")
        return user, None

    def new_plan(self, title, options, acting_user, owner, dry_run):
        if options["period"]:
            starts, ends = parse_period(options["period"])
        else:
            starts = fy_of(timezone.localdate())
            ends = starts + 2
        fields = {"title": title.strip(), "owning_unit": options["unit"], "owner": owner}
        fields |= {"starts_fy": starts, "ends_fy": ends}
        if dry_run:
            return WorkPlan(**fields), ", a new draft plan"
        return plan_create(acting_user=acting_user, **fields), ", a new draft plan"

    def report(self, result: ImportResult, plan: WorkPlan | None, made: str) -> None:
        self.stdout.write(f"Shape recognised: {result.shape_label}.")
        for error in result.errors:
            self.stdout.write(error.text)
        if plan is None:
            return
        verb = "Would create" if result.dry_run else "Created"
        self.stdout.write(
            f"{verb} in “{plan.title}” ({plan.period_label}{made}): {result.summary()}"
        )
