"""`manage.py reminders [--dry-run] [--on YYYY-MM-DD]`: the reminders due on a day (P 17, P 33, P 34).

With --dry-run, one JSON object per line for each reminder that would be sent that day, and nothing
is sent: {"deadline", "review", "state_under_review", "owed_by", "to", "cc", "days_before"}.
Without it, they are sent, as the daily beat task does.
"""

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reviews import services


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--on takes a date as YYYY-MM-DD, not {value!r}.") from None


class Command(BaseCommand):
    help = "Send (or, with --dry-run, list as JSON lines) the deadline reminders due on a day."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List what would be sent; send nothing.")
        parser.add_argument("--on", type=_day, default=None, help="The day, YYYY-MM-DD (default: today).")

    def handle(self, *args, dry_run: bool, on: dt.date | None, **options):
        today = on or timezone.localdate()
        if dry_run:
            cc = services.secretariat_emails()
            for reminder in services.due_reminders(today=today):
                self.stdout.write(json.dumps(reminder.as_json(today=today, cc=cc), ensure_ascii=False))
            return
        sent = services.send_due_reminders(today=today)
        self.stderr.write(f"{sent} reminder(s) sent for {today.isoformat()}.")
