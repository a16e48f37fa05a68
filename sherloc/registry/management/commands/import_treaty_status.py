from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sherloc.registry.services import IMPORT_COLUMNS, RegistryError, import_treaty_statuses


class Command(BaseCommand):
    help = f"Import treaty statuses from a CSV file with columns {', '.join(IMPORT_COLUMNS)}."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        try:
            count = import_treaty_statuses(text=file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{file}: cannot read the file ({error}).") from None
        except RegistryError as error:
            raise CommandError(f"{file}, {error} Nothing was changed.") from None
        self.stdout.write(f"{count} treaty status(es) recorded.")
