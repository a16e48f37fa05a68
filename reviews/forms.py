import uuid

from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sherloc.registry.enums import RegionalGroup
from sherloc.uploads import MultipleFileField
from sherloc.web.errors import MAX_ID

from .enums import MessageKind, QuestionKind, ReviewStatus

LANGUAGE_CHOICES = [("", "—")] + list(settings.LANGUAGES)


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note for the record"), required=False, widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"})
    )


class ConsultationsForm(forms.Form):
    """P 30, P 33, P 49: what the parties agreed in consultations."""

    language = forms.ChoiceField(label=_("Working language (P 49)"), choices=settings.LANGUAGES)
    second_language = forms.ChoiceField(label=_("Second working language"), choices=LANGUAGE_CHOICES, required=False)
    second_language_reason = forms.CharField(
        label=_("Why two languages"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        help_text=_("Only where the parties could not agree on one language (P 49)."),
    )
    responses_due = forms.DateField(
        label=_("Responses due, six months at most (P 33)"), widget=forms.DateInput(attrs={"type": "date"})
    )
    feedback_months = forms.IntegerField(
        label=_("Months for the written feedback after the responses (P 34)"), min_value=1, max_value=12, initial=6
    )
    dialogue_due = forms.DateField(
        label=_("End of the constructive dialogue"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("Note for the record"), required=False, widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"})
    )


class AllocationForm(forms.Form):
    """P 31: one choice per article: a reviewing State, or one of its experts."""

    def __init__(self, *args, articles, choices, initial_for, **kwargs):
        super().__init__(*args, **kwargs)
        for article in articles:
            self.fields[f"a{article.pk}"] = forms.ChoiceField(
                label=str(article),
                choices=[("", "—")] + choices,
                required=False,
                initial=initial_for.get(article.pk, ""),
            )


class FeedbackForm(forms.Form):
    measures = forms.CharField(label=_("Measures taken"), widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}))
    successes = forms.CharField(
        label=_("Successes"), required=False, widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"})
    )
    challenges = forms.CharField(
        label=_("Challenges"), required=False, widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"})
    )


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=QuestionKind.choices)
    text = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}))


class MessageForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MessageKind.choices, initial=MessageKind.MESSAGE)
    held_on = forms.DateField(
        label=_("Held on (records only)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}))
    corrects = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)
    attachments = MultipleFileField(label=_("Attachments"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # read when the form is made: the limits are settings, and the help texts are in the page's language
        self.fields["attachments"].prepare()
        body, limit = self.fields["body"], settings.DIALOGUE_MESSAGE_MAX_CHARS
        body.max_length = limit
        body.validators.append(MaxLengthValidator(limit))
        body.widget.attrs["maxlength"] = str(limit)
        body.help_text = gettext("At most %(limit)s characters: nothing posted is edited or deleted.") % {
            "limit": formats.number_format(limit, force_grouping=True)
        }


class PhaseForm(forms.Form):
    year_group = forms.TypedChoiceField(label=_("Group (P 16)"), choices=[(1, 1), (2, 2), (3, 3)], coerce=int)
    phase = forms.IntegerField(min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)
    decision_reference = forms.CharField(
        label=_("Conference decision (P 9)"),
        required=False,
        help_text=_("Only to open the phase before the threshold is reached."),
    )
    decision_note = forms.CharField(label=_("Note"), required=False)


class OverviewFilter(forms.Form):
    phase = forms.TypedChoiceField(label=_("Phase"), required=False, coerce=int, empty_value=None)
    year_group = forms.TypedChoiceField(
        label=_("Group"), required=False, coerce=int, empty_value=None, choices=[("", "—"), (1, 1), (2, 2), (3, 3)]
    )
    region = forms.ChoiceField(
        label=_("Regional group"), required=False, choices=[("", "—")] + list(RegionalGroup.choices)
    )
    instrument = forms.ChoiceField(label=_("Instrument"), required=False)
    status = forms.ChoiceField(label=_("Stage"), required=False, choices=[("", "—")] + list(ReviewStatus.choices))

    def __init__(self, *args, phases, instruments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = [("", "—")] + [(p.number, str(p)) for p in phases]
        self.fields["instrument"].choices = [("", "—")] + [(i.code, str(i)) for i in instruments]


class DiscloseDialogueForm(forms.Form):
    """P 42: the State under review makes public its dialogue (in whole or by thread) or the files of it."""

    material = forms.ChoiceField(
        label=_("What to make public"),
        choices=[("dialogue", _("the dialogue")), ("documentation", _("the files of the dialogue"))],
        widget=forms.RadioSelect,
    )
    threads = forms.MultipleChoiceField(
        label=_("Threads"), required=False, widget=forms.CheckboxSelectMultiple, help_text=_("None ticked: all of it.")
    )
    # P 42 "or part thereof": the files one by one
    files = forms.MultipleChoiceField(
        label=_("Attachments"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: all of it."),
    )

    def __init__(self, *args, threads=None, files=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["threads"].choices = list((threads or {}).items())
        self.fields["files"].choices = list((files or {}).items())
