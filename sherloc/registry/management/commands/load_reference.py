from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sherloc.registry.loader import ReferenceDataError, load_reference


class Command(BaseCommand):
    help = "Load States, regional groups, legal systems, treaty status, instruments, articles, clusters and workplan."

    def add_arguments(self, parser):
        parser.add_argument("--path", type=Path, default=settings.REFERENCE_DATA_DIR, help="Folder of the data files.")

    def handle(self, *args, path, **options):
        try:
            report = load_reference(path)
        except ReferenceDataError as error:
            raise CommandError(f"{error}. Nothing was changed.") from None
        self.stdout.write(str(report))
