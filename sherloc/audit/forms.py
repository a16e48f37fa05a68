from django import forms
from django.utils.translation import gettext_lazy as _

from sherloc.registry.fields import StateChoiceField
from sherloc.registry.models import State
from sherloc.web.errors import MAX_ID

ALLOWED_CHOICES = [("", _("Shown and refused")), ("yes", _("Shown")), ("no", _("Refused"))]


class LogFilter(forms.Form):
    username = forms.CharField(label=_("User name"), required=False, max_length=150)
    state = StateChoiceField(
        label=_("State whose material it is"),
        queryset=State.objects.order_by("name"),
        required=False,
        to_field_name="code",
    )
    object_type = forms.CharField(label=_("Kind of object"), required=False, max_length=64)
    object_id = forms.IntegerField(label=_("Object number"), required=False, min_value=1, max_value=MAX_ID)
    since = forms.DateField(label=_("From (date)"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Until (date)"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    allowed = forms.ChoiceField(label=_("Outcome"), choices=ALLOWED_CHOICES, required=False)

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        data["allowed"] = {"yes": True, "no": False}.get(data.get("allowed") or "")
        return data
