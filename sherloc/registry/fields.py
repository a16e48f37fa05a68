"""Form fields choosing reference data, in the page's language (docs/languages.md).

Every form that picks a State, a phase or an instrument uses these instead of Django's
``ModelChoiceField``: the empty choice reads "— choose —" in the page's language (Django's own
"---------" is no word in any language), and States are offered alphabetically by their name in
the page's language (P 3(b)), not in the database's English order.
"""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from .i18n import sorted_states

EMPTY_LABEL = _("— choose —")


class ReferenceChoiceField(forms.ModelChoiceField):
    def __init__(self, queryset, *, empty_label=EMPTY_LABEL, **kwargs):
        super().__init__(queryset, empty_label=empty_label, **kwargs)


class _StatesInPageLanguage(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for state in sorted_states(self.queryset):
            yield self.choice(state)


class StateChoiceField(ReferenceChoiceField):
    iterator = _StatesInPageLanguage
