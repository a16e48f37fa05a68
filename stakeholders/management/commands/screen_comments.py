"""Screen written comments for specific country situations (P 52 (b)), as the portal does.

Contract relied on by checks outside the code (docs/stakeholders.md): reads FILE, one JSON object
per line with a `text` field (optionally `language`, and `author_state`, the ISO3 code of a State
raising its own review), and prints per line `{"flagged": true|false, "matches": [{"text": …,
"state": ISO3}]}`. A line that is not such an object prints `{"error": …}` in its place.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from stakeholders.screening import screener


class Command(BaseCommand):
    help = "Screen comments (JSON lines with a `text` field) for names of States; print one JSON result per line."

    def add_arguments(self, parser):
        parser.add_argument("file", help="A JSON-lines file, or - for standard input.")

    def handle(self, *args, file, **options):
        try:
            stream = sys.stdin if file == "-" else open(file, encoding="utf-8")  # noqa: SIM115
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        engine = screener()
        with stream:
            for number, line in enumerate(stream, start=1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                    if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                        raise ValueError("expected an object with a text field")
                except ValueError as error:
                    self.stdout.write(json.dumps({"error": f"line {number}: {error}"}))
                    continue
                result = engine.screen(
                    row["text"], language=row.get("language") or None, author_state=row.get("author_state") or None
                )
                self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
