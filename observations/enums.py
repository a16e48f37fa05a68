from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemKind(models.TextChoices):
    """The three kinds of observation of P 37, in the order the list shows them."""

    GAP = "gap", _("gaps and challenges in implementation")
    GOOD_PRACTICE = "good_practice", _("good practices")
    ASSISTANCE = "assistance", _("technical assistance needs")


KIND_ORDER = [ItemKind.GAP, ItemKind.GOOD_PRACTICE, ItemKind.ASSISTANCE]

# the limits of hostile or mistaken input, answered with a 400 (docs/outcomes.md)
MAX_ITEMS = 200
MAX_ITEM_CHARS = 20_000
MAX_SECTION_CHARS = 60_000
MAX_COMMENT_CHARS = 10_000
