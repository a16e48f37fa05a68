from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from questionnaires.definitions import REVIEWED, dumps, to_data
from questionnaires.selectors import in_force


class Command(BaseCommand):
    help = "Write the adopted questionnaire of an instrument as JSON (docs/questionnaire-format.md)."

    def add_arguments(self, parser):
        parser.add_argument("--instrument", required=True, choices=REVIEWED)
        parser.add_argument("--format", default="json", choices=["json"])
        parser.add_argument("--out", required=True, type=Path)

    def handle(self, *args, instrument, out, **options):
        questionnaire = in_force(instrument)
        if questionnaire is None:
            raise CommandError(
                f"No questionnaire is adopted for {instrument}: import one and adopt it. Nothing was written."
            )
        tmp = out.with_name(out.name + ".part")
        tmp.write_text(dumps(to_data(questionnaire)), encoding="utf-8")
        tmp.replace(out)
        self.stdout.write(f"{questionnaire} written to {out}: {questionnaire.questions.count()} questions.")
