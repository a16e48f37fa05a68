"""The Mechanism's time limits (P 33, P 34: "within six months"): the one place they are computed and checked."""

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day where it has fewer days."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class TimeLimitExceeded(ValueError):
    """A date beyond a time limit of the Procedures; the message names the limit and the last day."""


def latest_responses_date(start: dt.date) -> dt.date:
    """P 33: the responses are due within the agreed time, at most `responses_max_months` after `start`."""
    from .models import MechanismSettings

    return add_months(start, MechanismSettings.current().responses_max_months)


def check_responses_due(due: dt.date, *, start: dt.date, today: dt.date) -> None:
    """The one check of P 33, for every way a date for the responses is set: in the future, and
    within the limit counted from `start` (the day the questionnaire was opened, or is opened now)."""
    from django.utils.translation import gettext as _

    from .models import MechanismSettings

    if due <= today:
        raise TimeLimitExceeded(_("The date for the responses must be in the future."))
    latest = latest_responses_date(start)
    if due > latest:
        raise TimeLimitExceeded(
            _("The responses are due within %(months)s months at most (P 33): %(date)s at the latest.")
            % {"months": MechanismSettings.current().responses_max_months, "date": latest.isoformat()}
        )


def feedback_due(received: dt.date, *, months: int) -> dt.date:
    """P 34: the written feedback is due `months` after the responses arrive, never beyond the limit."""
    from .models import MechanismSettings

    limit = MechanismSettings.current().feedback_max_months
    return add_months(received, min(months, limit))
