from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lots import engine
from lots.selectors import DrawInputError, draw_inputs, draw_rules


class Command(BaseCommand):
    help = "Draw the year groups (P 16) and the reviewing States (P 28, P 29) from a seed; write the draw as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--seed", required=True, help="The announced seed, in hexadecimal.")
        parser.add_argument("--out", required=True, type=Path, help="Where to write the JSON.")

    def handle(self, *args, seed, out, **options):
        try:
            states, volunteers = draw_inputs()
            rules = draw_rules()  # the figures the secretariat keeps, written in the JSON
            result = engine.draw(states, seed, volunteers, rules)
        except (DrawInputError, engine.DrawError) as error:
            raise CommandError(f"{error} Nothing was written.") from None
        text = engine.result_to_json(result, states)
        tmp = out.with_name(out.name + ".part")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(out)  # the file appears whole or not at all
        self.stdout.write(
            f"Draw written to {out}: {len(states)} States under review, seed {seed}, "
            f"{rules.min_reviews} to {rules.max_reviews} reviews each."
        )
