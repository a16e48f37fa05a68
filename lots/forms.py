import re

from django import forms
from django.utils.translation import gettext_lazy as _

from sherloc.registry.fields import StateChoiceField
from sherloc.registry.models import State


class OpenSessionForm(forms.Form):
    meeting = forms.CharField(max_length=300, label=_("Intersessional meeting"))
    meeting_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label=_("Date"))
    seed = forms.CharField(
        max_length=128,
        label=_("Announced seed (hexadecimal)"),
        help_text=_("Announce it before the draw, e.g. the hash of an agreed public value."),
    )

    def clean_seed(self):
        seed = self.cleaned_data["seed"].strip().lower()
        if not re.fullmatch(r"[0-9a-f]+", seed):
            raise forms.ValidationError(_("The seed must be hexadecimal: digits 0–9 and letters a–f only."))
        return seed


class LaterMeetingForm(forms.Form):
    """A subsequent intersessional meeting that takes up the confirmed drawing (P 28)."""

    meeting = forms.CharField(max_length=300, label=_("Later intersessional meeting"))
    meeting_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label=_("Date"))


class RedrawForm(forms.Form):
    under_review = StateChoiceField(queryset=State.objects.none(), label=_("State under review"), to_field_name="code")
    reviewer = StateChoiceField(queryset=State.objects.none(), label=_("Reviewer to replace"), to_field_name="code")
    requested_by = StateChoiceField(queryset=State.objects.none(), label=_("Requested by"), to_field_name="code")
    exceptional_reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        label=_("Exceptional decision (beyond two redraws)"),
    )
    deferred_to = forms.CharField(required=False, max_length=300, label=_("Defer to a later intersessional meeting"))

    def __init__(self, *args, codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        states = State.objects.filter(code__in=codes).order_by("name")
        # the three lists offer the same States: read once for the page, not once per list
        listed = [(state.code, self.fields["under_review"].label_from_instance(state)) for state in states]
        for name in ("under_review", "reviewer", "requested_by"):
            field = self.fields[name]
            field.queryset = states
            field.widget.choices = [("", field.empty_label), *listed] if field.empty_label is not None else listed
