"""The load world: a synthetic full review cycle for load tests and benchmarks (portal/load/world.py)."""

import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal.load.world import World, sign_in_note
from sherloc.registry.models import State


class Command(BaseCommand):
    help = (
        "Build a deterministic synthetic world on the reference data: --scale 1 is one full twelve-year cycle "
        "(every State reviewed in all four phases); smaller scales (e.g. 0.01) take a share of the States. "
        "Into an empty database; refused with DEBUG off unless --force (it creates users with a known password)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="1 is one full review cycle (default 1).")
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    def handle(self, *args, scale, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "generate_load_data creates users with a known password: refused with DEBUG off (use --force)."
            )
        if scale <= 0:
            raise CommandError("--scale is a positive number (1 is one full review cycle).")
        started = time.monotonic()
        if not State.objects.exists():
            call_command("load_reference", stdout=self.stdout)
        try:
            with transaction.atomic():
                counts = World(scale, out=self.stdout).build()
        except RuntimeError as error:
            raise CommandError(str(error)) from None
        summary = ", ".join(f"{value:,} {name.replace('_', ' ')}" for name, value in counts.items())
        self.stdout.write(f"Load world (scale {scale:g}) built in {time.monotonic() - started:.0f} s: {summary}.")
        self.stdout.write(sign_in_note())
