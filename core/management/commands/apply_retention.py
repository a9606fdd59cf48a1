"""``manage.py apply_retention [--dry-run]``: what the nightly retention task does, by
hand; with ``--dry-run``, only a listing of what it would do (record ids, no personal
data), changing nothing."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateformat import format as format_date
from django.utils.timezone import localtime

from core.retention import LISTED, retention_apply


class Command(BaseCommand):
    help = "Anonymise or delete the records past their retention period (see docs)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would go, change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        outcomes = retention_apply(dry_run=dry_run)
        for outcome in outcomes:
            rule = outcome.rule
            if outcome.before is None:
                self.stdout.write(f"{rule.label} ({rule.name}): kept for ever.")
                continue
            before = format_date(localtime(outcome.before), "j M Y, H:i")
            if outcome.failed:
                self.stderr.write(f"{rule.label} ({rule.name}): FAILED, see the log.")
                continue
            verb = f"would be {rule.action}" if dry_run else rule.action
            line = (
                f"{rule.label} ({rule.name}): kept {outcome.days} days, so from before "
                f"{before}: {outcome.count} {verb}"
            )
            if dry_run and outcome.ids:
                more = outcome.count - len(outcome.ids)
                ids = ", ".join(map(str, outcome.ids))
                line += f": ids {ids}" + (f" and {more} more" if more > 0 else "")
            self.stdout.write(line + ".")
        if dry_run:
            self.stdout.write(f"Dry run: nothing was changed (at most {LISTED} ids listed a type).")
        if any(outcome.failed for outcome in outcomes):
            raise CommandError("Some retention rules failed (see the log); the others ran.")
