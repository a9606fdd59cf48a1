from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from areas.services import wards_import


class Command(BaseCommand):
    help = (
        "Create or update the wards of the 32 MPS boroughs from the ONS 'Ward to Local "
        "Authority District Lookup' CSV. Expected columns: WDyyCD (ward code), WDyyNM "
        "(ward name) and LADyyCD (local authority code), where yy is the edition's year, "
        "e.g. WD24CD,WD24NM,LAD24CD; other columns are ignored. Rows for the City of London "
        "and outside London are skipped. Any invalid London row stops the whole import."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="path to the ONS ward lookup CSV file")

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            with file.open("rb") as handle:
                report = wards_import(file=handle)
        except ValidationError as error:
            raise CommandError(
                "\n".join([f"{file} was not imported; nothing was changed.", *error.messages])
            ) from error
        rows = "row" if report.skipped_outside_mps == 1 else "rows"
        self.stdout.write(
            f"Wards: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged; "
            f"{report.skipped_outside_mps} {rows} outside the MPS area skipped."
        )
