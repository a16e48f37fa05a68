from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from sherloc.registry.fields import ReferenceChoiceField, StateChoiceField
from sherloc.registry.models import Instrument, State

from .enums import Role
from .models import Nomination

SCAN_TYPES = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}


# the user name column's length: anything longer names nobody, and would overflow the sign-in records
USERNAME_MAX_LENGTH = 150
# far beyond any password people type; a longer one is refused before it is hashed
PASSWORD_MAX_LENGTH = 4096


class SignInForm(AuthenticationForm):
    username = forms.CharField(
        label=_("User name"),
        max_length=USERNAME_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        help_text=_("The six-digit code from your authenticator app, or one of your backup codes."),
    )

    def clean_token(self):
        return self.cleaned_data["token"].replace(" ", "").strip()


class ActivationForm(SetPasswordForm):
    pass


class NewLinkForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))


class NominationForm(forms.ModelForm):
    state = StateChoiceField(queryset=State.objects.order_by("name"), label=_("State"))
    instrument = ReferenceChoiceField(
        queryset=Instrument.objects.filter(under_mechanism=True), required=False, label=_("Instrument (experts)")
    )
    role = forms.ChoiceField(choices=[(r, Role(r).label) for r in Role.state_roles()], label=_("Role"))

    class Meta:
        model = Nomination
        fields = [
            "state",
            "role",
            "instrument",
            "full_name",
            "email",
            "note_verbale_reference",
            "note_verbale_date",
            "note_verbale_scan",
        ]
        widgets = {"note_verbale_date": forms.DateInput(attrs={"type": "date"})}

    def clean_note_verbale_scan(self):
        scan = self.cleaned_data["note_verbale_scan"]
        if scan.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("The scan is %(size)d MB; the limit is %(limit)d MB.")
                % {"size": scan.size // 2**20, "limit": settings.UPLOAD_MAX_BYTES // 2**20}
            )
        if getattr(scan, "content_type", None) not in SCAN_TYPES:
            raise forms.ValidationError(_("Attach the note verbale as a PDF, PNG or JPEG file."))
        return scan

    def clean(self):
        data = super().clean()
        if data.get("role") == Role.GOVERNMENTAL_EXPERT and not data.get("instrument"):
            self.add_error("instrument", _("A governmental expert is designated for an instrument (P 27)."))
        return data
