"""Import the secretariat's list of stakeholders (docs/stakeholders.md): the same checks as the upload page;
one bad line refuses the file and nothing is stored."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from stakeholders import services


class Command(BaseCommand):
    help = "Import organisations, their ECOSOC status and observer entitlements from a UTF-8 CSV file."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        path = Path(file)
        try:
            if path.stat().st_size > services.CSV_MAX_BYTES:
                raise CommandError("The file is larger than 2 MiB.")
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        try:
            report = services.import_organisations(data=data)
        except services.StakeholderRefused as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"{report.created} organisations created, {report.updated} updated, {report.entitlements} entitlements."
        )
