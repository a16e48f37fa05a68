"""``{{ article|localized:"title" }}``: reference data in the page's language (docs/languages.md).

Loaded in every template (TEMPLATES' ``builtins``)."""

from django import template

from ..i18n import localized as localized_value

register = template.Library()


@register.filter
def localized(obj, field: str) -> str:
    """``obj.field`` in the active language, English where the column is empty; '' for None."""
    if obj is None or obj == "":
        return ""
    return localized_value(obj, field)
