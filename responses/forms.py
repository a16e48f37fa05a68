from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from sherloc.registry.fields import ReferenceChoiceField, StateChoiceField
from sherloc.registry.models import WorkplanPhase


class OpenResponseForm(forms.Form):
    phase = ReferenceChoiceField(
        queryset=WorkplanPhase.objects.filter(cluster__isnull=False).select_related("cluster"),
        label=_("Review phase"),
    )
    language = forms.ChoiceField(
        choices=settings.LANGUAGES, label=_("Working language of the response"), help_text=_("One of the six (P 18).")
    )
    deadline = forms.DateField(
        label=_("Agreed deadline"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("At most six months from today (P 33)."),
    )

    def __init__(self, *args, states=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].label_from_instance = lambda p: f"{p} — {p.cluster}"
        if len(states) > 1:
            self.fields["state"] = StateChoiceField(queryset=states, label=_("State"))


class DeadlineForm(forms.Form):
    deadline = forms.DateField(label=_("Agreed deadline"), widget=forms.DateInput(attrs={"type": "date"}))


class ReopenForm(forms.Form):
    request_reference = forms.CharField(
        max_length=300,
        label=_("The State's request"),
        help_text=_("Reference or date of the note or message in which the State asked to reopen."),
    )


class UncacFileForm(forms.Form):
    file = forms.FileField(label=_("UNCAC response file (JSON or CSV)"))


class DiscloseForm(forms.Form):
    """The State releases its submitted responses to every State party (P 41) or makes them public (P 42),
    in whole or by section."""

    audience = forms.ChoiceField(
        label=_("To whom"),
        choices=[
            ("states_parties", _("every State party, through the module (P 41)")),
            ("public", _("the public, on pages without sign-in (P 42)")),
        ],
        widget=forms.RadioSelect,
    )
    sections = forms.MultipleChoiceField(
        label=_("Sections"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: the whole submission."),
    )

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sections"].choices = [(s["instrument"], s["instrument_name"]) for s in sections]
