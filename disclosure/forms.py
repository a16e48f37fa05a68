from django import forms
from django.utils.translation import gettext_lazy as _

from sherloc.registry.fields import ReferenceChoiceField, StateChoiceField
from sherloc.registry.models import State, WorkplanPhase

from .enums import Material


class AskForm(forms.Form):
    """P 41: another State party asks a State to share its dialogue or documentation."""

    state = StateChoiceField(label=_("State whose review"), queryset=State.objects.order_by("name"))
    phase = ReferenceChoiceField(label=_("Review phase"), queryset=WorkplanPhase.objects.order_by("number"))
    material = forms.ChoiceField(
        label=_("What your State asks to see"),
        choices=[(Material.DIALOGUE, Material.DIALOGUE.label), (Material.DOCUMENTATION, Material.DOCUMENTATION.label)],
    )
    requesting_state = StateChoiceField(label=_("On behalf of"), queryset=State.objects.none())
    reason = forms.CharField(
        label=_("Why your State asks"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"})
    )

    def __init__(self, *args, requesting_states=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requesting_state"].queryset = (
            requesting_states if requesting_states is not None else State.objects.none()
        )


class AnswerForm(forms.Form):
    grant = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("yes", _("Grant: share with that State")), ("no", _("Decline"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note to the State that asked"), max_length=2000, required=False)


class PublicUseForm(forms.Form):
    """P 36: the State asks the secretariat to use information of its review in public pages."""

    phase = ReferenceChoiceField(label=_("Review phase"), queryset=WorkplanPhase.objects.order_by("number"))
    scope = forms.CharField(
        label=_("What information the secretariat may use in public pages"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
