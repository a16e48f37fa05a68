from django.core.management.base import BaseCommand

from followup import services


class Command(BaseCommand):
    help = "Track the technical assistance needs of every list of observations already final (P 44)."

    def handle(self, *args, **options):
        self.stdout.write(f"{services.backfill()} needs tracked.")
