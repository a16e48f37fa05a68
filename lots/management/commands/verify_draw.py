import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lots import engine


class Command(BaseCommand):
    help = (
        "Re-draw from the seed in a draw's JSON (or replay a session's log, with the redraws of later meetings), "
        "compare, and check every rule; exit 0 when all hold."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"{file}: not a readable draw ({error}).") from None
        violations = engine.verify(data)
        if violations:
            for v in violations:
                self.stderr.write(f"{v.rule} ({v.paragraph}): {v.message} [{', '.join(v.states)}]")
            raise CommandError(f"{len(violations)} rule(s) broken.")
        self.stdout.write("The draw is reproduced from its seed and every rule holds.")
