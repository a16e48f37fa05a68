"""Refusing malformed input: a 400 with a message for the user (answered by RefuseHostileInputMiddleware)."""

from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _

# the largest value of a PostgreSQL bigint, the type of every id: beyond it SQLite overflows and nothing can match
MAX_ID = 2**63 - 1


class RefusedInput(BadRequest):
    """Malformed input refused whole (400); the message is for the user and names what was wrong."""


def parse_id(value, *, name: str) -> int:
    """An id posted or given in the address: a whole number of at most 19 digits, else RefusedInput naming it."""
    text = (value or "").strip()
    if not (text.isascii() and text.isdigit()) or not 0 < int(text) <= MAX_ID:
        raise RefusedInput(_("“%(name)s” must be the number of an item of the portal.") % {"name": name})
    return int(text)


def parse_anchor(value, *, name: str) -> str:
    """A place on a page given in the address, such as "untoc-5": letters, digits and hyphens, at most 40,
    else RefusedInput naming it."""
    text = (value or "").strip()
    if not (0 < len(text) <= 40 and text.isascii() and text.replace("-", "").isalnum()):
        raise RefusedInput(_("“%(name)s” must name a part of this page.") % {"name": name})
    return text.lower()


def form_errors(form) -> str:
    """A refused form's messages in one line, for a page that answers with a message rather than the form."""
    return " ".join(str(e) for errors in form.errors.values() for e in errors)
