from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from sherloc.registry.fields import StateChoiceField
from sherloc.registry.models import State

from .enums import DocumentKind, Language, VersionStatus, WorkingGroup
from .services import SESSION_MAX, TITLE_MAX

ANY = [("", "—")]


class LibraryFilter(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    symbol = forms.CharField(label=_("Symbol"), required=False, max_length=120)
    working_group = forms.ChoiceField(label=_("Working group"), required=False, choices=ANY + WorkingGroup.choices)
    session = forms.CharField(label=_("Session"), required=False, max_length=SESSION_MAX)
    state = StateChoiceField(
        label=_("State"), required=False, queryset=State.objects.order_by("name"), empty_label=ANY[0][1]
    )
    language = forms.ChoiceField(label=_("Language"), required=False, choices=ANY + Language.choices)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=ANY + DocumentKind.choices)


class TypedCrpForm(forms.Form):
    """A conference room paper typed into the portal (plain text, paragraphs separated by blank lines)."""

    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices, initial=Language.EN)
    working_groups = forms.MultipleChoiceField(
        label=_("Working groups"),
        choices=WorkingGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The symbol is that of the first group ticked, in the order listed; the others are named."),
    )
    session = forms.CharField(label=_("Session"), max_length=SESSION_MAX)
    state = StateChoiceField(label=_("State concerned"), required=False, queryset=State.objects.order_by("name"))
    restricted = forms.BooleanField(label=_("Restricted circulation"), required=False)
    text = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 12, "dir": "auto"}),
        max_length=settings.DOCUMENT_TEXT_MAX_CHARS,
    )


class MoveOnForm(forms.Form):
    to = forms.ChoiceField(choices=VersionStatus.choices)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.odt,.pdf"}),
        help_text=_("Word (.docx), OpenDocument text (.odt) or PDF."),
    )


class TypeForm(forms.Form):
    text = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 8, "dir": "auto"}),
        max_length=settings.DOCUMENT_TEXT_MAX_CHARS,
        help_text=_("Plain text; leave a blank line between paragraphs. It is rendered to PDF."),
    )


class AddLanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)

    def __init__(self, *args, present=None, **kwargs):
        """`present`: the languages the document has; only the others are offered (all six are accepted on post,
        the service refuses a second version)."""
        super().__init__(*args, **kwargs)
        if present is not None:
            self.fields["language"].choices = [(c, label) for c, label in Language.choices if c not in present]


class IssueForm(forms.Form):
    session = forms.CharField(label=_("Session"), max_length=SESSION_MAX, required=False)
    working_groups = forms.MultipleChoiceField(
        label=_("Working groups"), choices=WorkingGroup.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
