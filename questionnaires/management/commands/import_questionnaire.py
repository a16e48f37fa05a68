from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from questionnaires import services
from questionnaires.definitions import DefinitionError, parse


class Command(BaseCommand):
    help = "Read a questionnaire definition (the export format) as a draft version; --adopt adopts it."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--adopt", metavar="DECISION", help="Adopt it, recording the Conference decision.")

    def handle(self, *args, file, adopt, **options):
        try:
            data = parse(file.read_text(encoding="utf-8"))
            questionnaire, changed = services.import_definition(data)
            if adopt and questionnaire.status != "adopted":
                services.adopt(questionnaire, decision_reference=adopt)
        except OSError as error:
            raise CommandError(f"{file}: cannot be read ({error.strerror}).") from None
        except DefinitionError as error:
            raise CommandError(f"{file}: nothing imported.\n  " + "\n  ".join(error.problems)) from None
        except services.QuestionnaireRefused as error:
            raise CommandError(f"{file}: {error} Nothing imported.") from None
        self.stdout.write(f"{questionnaire}: {'imported' if changed else 'unchanged'}.")
