from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import Delivery


class PreferenceForm(forms.Form):
    delivery = forms.ChoiceField(
        label=_("Send me notices by e-mail"), choices=Delivery.choices, widget=forms.RadioSelect
    )


class FollowForm(forms.Form):
    state = forms.IntegerField(min_value=1)
    phase = forms.IntegerField(min_value=1)
    action = forms.ChoiceField(choices=[("follow", "follow"), ("unfollow", "unfollow")])
    next = forms.CharField(required=False, max_length=500)
