from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from sherloc.uploads import ACCEPT

from .enums import WorkingGroup
from .models import StakeholderProfile


class MeetingForm(forms.Form):
    working_group = forms.ChoiceField(label=_("Working group"), choices=WorkingGroup.choices)
    working_group_session = forms.CharField(label=_("Session of the working group"), max_length=200)
    title = forms.CharField(label=_("Title"), max_length=200)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Place"), max_length=200)
    agenda = forms.CharField(
        label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}), max_length=20000
    )
    president_request = forms.CharField(label=_("Request of the President of the Conference"), max_length=300)
    chair = forms.CharField(label=_("Chair of the working group"), max_length=200)
    language = forms.ChoiceField(label=_("Language of the meeting"), choices=settings.LANGUAGES, initial="en")


class FileForm(forms.Form):
    file = forms.FileField(label=_("File"), widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}))


class CsvForm(forms.Form):
    file = forms.FileField(
        label=_("List of stakeholders (CSV)"), widget=forms.ClearableFileInput(attrs={"accept": ".csv"})
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Written comment"), widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}), max_length=20000
    )
    language = forms.ChoiceField(label=_("Language of the comment"), choices=settings.LANGUAGES)
    attachment = forms.FileField(
        label=_("Attachment"), required=False, widget=forms.ClearableFileInput(attrs={"accept": ACCEPT})
    )


class ObjectionForm(forms.Form):
    state = forms.ChoiceField(label=_("Objecting State"))
    reasons = forms.CharField(
        label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}), max_length=20000
    )

    def __init__(self, *args, states=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [(s.pk, s.name) for s in states]


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision of the working group"),
        choices=[
            ("dismissed", _("the organization participates")),
            ("upheld", _("the organization does not participate")),
        ],
    )
    decision = forms.CharField(
        label=_("Decision as recorded"), widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}), max_length=20000
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}), max_length=20000
    )


class SummaryForm(forms.Form):
    text = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 12, "dir": "auto"}), max_length=100000
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, initial="en")


class ActivityReportForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Report"), widget=forms.Textarea(attrs={"rows": 8, "dir": "auto"}), max_length=100000
    )
    working_groups = forms.MultipleChoiceField(
        label=_("Working groups"), choices=WorkingGroup.choices, widget=forms.CheckboxSelectMultiple
    )
    co_signers = forms.ModelMultipleChoiceField(
        label=_("Co-signing organizations (a joint report)"),
        queryset=StakeholderProfile.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, exclude=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["co_signers"].queryset = (
            StakeholderProfile.objects.exclude(pk__in=list(exclude))
            .select_related("organisation")
            .order_by("organisation__name")
        )
