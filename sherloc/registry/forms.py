from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import RegionalGroup, TreatyStatusKind
from .fields import ReferenceChoiceField
from .models import Instrument, MechanismSettings, WorkplanPhase


class TreatyStatusForm(forms.Form):
    instrument = ReferenceChoiceField(queryset=Instrument.objects.all(), label=_("Instrument"))
    status = forms.ChoiceField(choices=TreatyStatusKind.choices, label=_("Status"))
    signature_date = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label=_("Signature")
    )
    consent_date = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        label=_("Ratification, acceptance, approval or accession"),
    )
    consent_type = forms.ChoiceField(
        required=False,
        choices=[
            ("", "—"),
            ("ratification", _("ratification")),
            ("acceptance", _("acceptance")),
            ("approval", _("approval")),
            ("accession", _("accession")),
            ("succession", _("succession")),
        ],
        label=_("Kind of consent"),
    )
    as_of = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label=_("As of"))
    source = forms.CharField(
        max_length=500,
        label=_("Source"),
        help_text=_("For example: UN Treaty Collection, chapter XVIII, consulted on …"),
    )


class ParticipationForm(forms.Form):
    review_group = forms.ChoiceField(
        choices=[("", _("its UN regional group"))] + list(RegionalGroup.choices),
        required=False,
        label=_("Group for the review"),
    )
    subject_to_review = forms.BooleanField(required=False, label=_("Subject to review"))
    decision_reference = forms.CharField(max_length=300, label=_("Decision reference"))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 2 * 2**20:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        try:
            return upload.read().decode("utf-8")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("Save the file as UTF-8 CSV and try again.")) from None


WorkplanFormSet = forms.modelformset_factory(
    WorkplanPhase, fields=["name", "cluster", "first_year", "duration_years", "decision_reference"], extra=0
)


class SettingsForm(forms.ModelForm):
    class Meta:
        model = MechanismSettings
        fields = [
            "advancement_threshold_percent",
            "responses_max_months",
            "feedback_max_months",
            "redraws_per_state",
            "min_reviews",
            "max_reviews",
            "focal_point_appointment_days",
            "experts_appointment_days",
            "reminder_days_before",
            "list_max_words",
            "report_max_words",
        ]
