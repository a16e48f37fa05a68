"""Paragraph references of the procedures and rules out of the running text (issue 14, item 7).

``{% filter refs %}{% translate "Agreement (P 39)" %}{% endfilter %}`` shows "Agreement" with a
small marker whose tooltip names the paragraph; ``refs_plain`` only removes the reference, for
attributes, ``<option>``, ``<title>`` and plain-text e-mail. Wrapped around a link or a button,
``refs`` puts the marker just after it, not inside: a focusable marker may not sit in either.
Both take text already escaped by the template (or escape it themselves when autoescape is on)
and find the reference as the translations keep it: "(P 39)", "(P 52 (d))", "(P 3(b))", "(P 44–46)", "(P 14, P 38)", with the
Arabic comma "،", the Chinese "、" and full-width brackets "（P 39）".

Loaded in every template (TEMPLATES' ``builtins``)."""

import re

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext as _

register = template.Library()

# one paragraph: "P 39", "P 52 (d)", "P 3(b)", "P 44–46"
_ONE = r"P\s\d+(?:\s?\([a-z]\))?(?:\s?[–-]\s?\d+)?"
# a list of them, with the separators of the six languages
_LIST = rf"{_ONE}(?:\s?[,،、，]\s?{_ONE})*"
# in brackets, ASCII or full-width, with the space before it; a link's or button's closing tag
# right after it is kept before the marker, which is focusable and may not sit inside them
REFERENCE = re.compile(rf"[ \u00a0]?[(（](?P<paragraphs>{_LIST})[)）](?P<close>(?:</(?:a|button)>)?)")


def _text(value, autoescape: bool) -> str:
    """The value as HTML: escaped unless it already is (a message object becomes its text)."""
    if isinstance(value, SafeData) or not autoescape:
        return value if isinstance(value, str) else str(value)
    return conditional_escape(str(value))


def tooltip(paragraphs: str) -> str:
    """The words of the tooltip: "Procedures and rules of the review Mechanism, P 39"."""
    return _("Procedures and rules of the review Mechanism, %(paragraphs)s") % {"paragraphs": paragraphs}


@register.filter(needs_autoescape=True)
def refs(value, autoescape=True):
    """Each "(P n)" of the text becomes a marker reachable from the keyboard, its tooltip the paragraph."""
    text = _text(value, autoescape)

    def marker(match: re.Match) -> str:
        return match["close"] + format_html(
            '<abbr class="ref" title="{}" tabindex="0">§</abbr>', tooltip(match["paragraphs"])
        )

    # safe: the text was escaped by _text (or was already safe), and the markers are built by format_html
    return mark_safe(REFERENCE.sub(marker, text))  # nosec B308 B703  # nosemgrep: ci.semgrep.django-mark-safe -- escaped above


@register.filter(is_safe=True, needs_autoescape=True)
def refs_plain(value, autoescape=True):
    """The text without its "(P n)" references, where no markup may go (attributes, options, e-mail)."""
    text = _text(value, autoescape)
    plain = REFERENCE.sub(lambda match: match["close"], text)
    # safe only when the text was: removing a bracketed reference adds no markup
    return mark_safe(plain) if isinstance(text, SafeData) else plain  # nosec B308 B703  # nosemgrep: ci.semgrep.django-mark-safe -- was safe
