"""Input of the definitions editor. A form only turns fields into one question of the file format;
whether the definition may be saved is decided by `definitions.validate`, as for an import."""

import re

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from sherloc.registry.models import Article, Cluster

from .definitions import LANGUAGES
from .enums import QuestionKind

CHOICE_KINDS = {QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE}

# Each text field carries its language, so that browsers and screen readers treat Arabic as
# right-to-left and Chinese with Chinese glyphs whatever the language of the page.
TEXT_ATTRS = {
    "ar": {"lang": "ar", "dir": "rtl"},
    "zh-hans": {"lang": "zh-Hans", "dir": "ltr"},
}

NO_CONDITION, NOT_UNCAC_PARTY, UNCAC_PARTY, ON_ANSWER = "none", "not_uncac", "uncac", "answer"


def text_field(code: str) -> str:
    return "text_" + code.replace("-", "_")


class NewVersionForm(forms.Form):
    version = forms.CharField(
        label=_("Label of the new version"),
        max_length=40,
        help_text=_("For example 2026.1. Each label is used once per instrument."),
    )


class AdoptForm(forms.Form):
    decision_reference = forms.CharField(
        label=_("Conference decision"),
        max_length=300,
        help_text=_("The reference of the decision of the Conference of the Parties that adopted this version."),
    )


class QuestionForm(forms.Form):
    """One question: where it stands, what kind it is, its text in the six languages, its condition."""

    qid = forms.CharField(
        label=_("Identifier"),
        max_length=60,
        required=False,
        help_text=_("Letters, digits, “-” or “_”. Leave empty to have one made from the article."),
    )
    cluster = forms.ChoiceField(label=_("Cluster"))
    article = forms.ChoiceField(label=_("Article"))
    kind = forms.ChoiceField(label=_("Kind of question"), choices=QuestionKind.choices)
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "ltr", "lang": "en"}),
        help_text=_("Single and multiple choice: one choice per line, as value|English text (at least two)."),
    )
    max_length = forms.IntegerField(
        label=_("Character limit"), required=False, help_text=_("Short text only: 1 to 20000 characters.")
    )
    condition_kind = forms.ChoiceField(
        label=_("Asked"),
        widget=forms.RadioSelect,
        choices=[
            (NO_CONDITION, _("of every State")),
            (NOT_UNCAC_PARTY, _("only of States not party to UNCAC")),
            (UNCAC_PARTY, _("only of States party to UNCAC")),
            (ON_ANSWER, _("only after a given answer to an earlier question")),
        ],
        initial=NO_CONDITION,
    )
    condition_question = forms.ChoiceField(label=_("Earlier question"), required=False)
    condition_answers = forms.CharField(
        label=_("Answers that open this question"),
        required=False,
        widget=forms.TextInput(attrs={"dir": "ltr"}),
        help_text=_("Values of the earlier question's answer, separated by commas: for example yes, partly."),
    )

    def __init__(self, *args, questionnaire, data_before: dict, qid: str | None = None, **kwargs):
        """`data_before` is the definition as saved; `qid` the question being edited (None: a new one)."""
        super().__init__(*args, **kwargs)
        self.editing = qid
        self.text_fields = []
        for code, name in settings.LANGUAGES:
            attrs = {"rows": 2, **TEXT_ATTRS.get(code, {"lang": code, "dir": "ltr"})}
            label = _("%(language)s (required)") % {"language": name} if code == "en" else name
            self.fields[text_field(code)] = forms.CharField(
                label=label, required=False, strip=True, widget=forms.Textarea(attrs=attrs)
            )
            self.text_fields.append(text_field(code))
        self.fields["cluster"].choices = [(c.code, str(c)) for c in Cluster.objects.all()]
        articles = Article.objects.filter(instrument=questionnaire.instrument).order_by("number")
        self.fields["article"].choices = [(str(a.number), f"{a.number}. {a.localized('title')}") for a in articles]
        others = [
            question
            for section in data_before["sections"]
            for question in section["questions"]
            if question["id"] != qid
        ]
        self.fields["condition_question"].choices = [("", "—")] + [
            (q["id"], f"{q['id']} — {_shorten(q['text'].get('en', ''))}") for q in others
        ]
        self.taken = {q["id"] for q in others}
        self.instrument = questionnaire.instrument.code
        self.choices_before = []
        if qid is not None:
            del self.fields["qid"]
            for section in data_before["sections"]:
                for question in section["questions"]:
                    if question["id"] == qid:
                        self.choices_before = question.get("choices") or []
                        if not self.is_bound:
                            self.initial = initial_for(question, section["cluster"])

    @property
    def texts(self):
        """The six text fields, in the order of settings.LANGUAGES."""
        return [self[name] for name in self.text_fields]

    def clean_qid(self):
        return self.cleaned_data["qid"].strip()

    def clean_choices(self):
        """Lines as value|English text; a choice keeps its other languages while its value stays."""
        before = {c.get("value"): c for c in self.choices_before if isinstance(c, dict)}
        choices = []
        for number, line in enumerate(self.cleaned_data["choices"].splitlines(), start=1):
            if not line.strip():
                continue
            value, bar, english = (part.strip() for part in line.partition("|"))
            if not bar or not value or not english:
                raise forms.ValidationError(
                    _("Line %(number)s: write the value, a bar and the English text, as yes|Yes."),
                    params={"number": number},
                )
            text = {k: v for k, v in (before.get(value) or {}).get("text", {}).items() if k != "en"}
            choices.append({"value": value, "text": {"en": english, **text}})
        return choices

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("condition_kind") == ON_ANSWER and not cleaned.get("condition_question"):
            self.add_error("condition_question", _("Choose the question this one depends on."))
        return cleaned

    @property
    def question_id(self) -> str:
        """The id of the question as it will be saved: the one edited, the one given, or one made up."""
        if self.editing is not None:
            return self.editing
        given = self.cleaned_data.get("qid")
        if given:
            return given
        base = f"{self.instrument.lower()}-{self.cleaned_data.get('article')}-q"
        number = 1
        while f"{base}{number}" in self.taken:
            number += 1
        return f"{base}{number}"

    def to_question(self) -> dict:
        """The question in the file format, for `validate` to judge with the rest of the definition."""
        data = self.cleaned_data
        kind = data["kind"]
        question = {
            "id": self.question_id,
            "article": data["article"],
            "kind": kind,
            "text": {code: data[text_field(code)] for code in LANGUAGES if data[text_field(code)]},
            "condition": self._condition(),
        }
        if kind in CHOICE_KINDS:
            question["choices"] = data["choices"]
        if kind == QuestionKind.SHORT_TEXT and data["max_length"] is not None:
            question["max_length"] = data["max_length"]
        return question

    def _condition(self):
        kind = self.cleaned_data["condition_kind"]
        if kind == NOT_UNCAC_PARTY:
            return {"uncac_party": False}
        if kind == UNCAC_PARTY:
            return {"uncac_party": True}
        if kind == ON_ANSWER:
            answers = [a.strip() for a in self.cleaned_data["condition_answers"].split(",") if a.strip()]
            return {"question": self.cleaned_data["condition_question"], "answer_in": answers}
        return None

    def add_problems(self, error, qid: str) -> None:
        """Put each problem `validate` found next to the field at fault, in words.

        Problems of other questions (one that depends on this one, say) go above the form.
        """
        for about, inner, detail, problem in located(error):
            if about == qid:
                field, message = explain(inner, detail)
                self.add_error(field if field in self.fields else None, message)
            else:
                self.add_error(None, describe(about, inner, detail, problem))


def located(error):
    """Each problem of a refused edit as (question id or None, path inside the question, detail, problem)."""
    for problem in error.problems:
        path, _colon, detail = problem.partition(": ")
        match = re.fullmatch(r"(sections\[\d+\]\.questions\[\d+\])\.?(.*)", path)
        about = error.where.get(match.group(1)) if match else None
        yield about, (match.group(2) if match else ""), detail, problem


def describe(about, inner: str, detail: str, problem: str) -> str:
    if about is None:
        return problem
    return _("Question %(id)s: %(problem)s") % {"id": about, "problem": explain(inner, detail)[1]}


def explain(field_path: str, detail: str) -> tuple[str, str]:
    """A path inside one question ('text', 'choices[1]', 'condition.question', …) → form field and message."""
    head = field_path.split(".")[0].split("[")[0]
    if head == "text":
        lang = field_path.partition(".")[2]
        if lang and lang in LANGUAGES:
            return text_field(lang), _("Each language needs a text.")
        return text_field("en"), _("The English text is required.")
    if head == "choices":
        if "[" in field_path:
            return "choices", _("Each choice needs a value and a text, as yes|Yes.")
        return "choices", _("A choice question needs at least two choices.")
    if head == "condition":
        if field_path.endswith("answer_in"):
            return "condition_answers", _("Name at least one answer of the earlier question.")
        if field_path.endswith("question"):
            return "condition_question", _(
                "A question can depend only on a question asked before it; this one comes later or is missing."
            )
        return "condition_kind", detail
    if head == "max_length":
        return "max_length", _("A whole number from 1 to 20000.")
    if head == "id":
        if "used twice" in detail:
            return "qid", _("This identifier is already used in this version.")
        return "qid", _("Letters, digits, “-” or “_” only, at most 60 characters.")
    if head == "article":
        return "article", _("Not an article of this instrument.")
    if head == "kind":
        return "kind", _("Not a kind of question.")
    return None, detail


def initial_for(question: dict, cluster: str) -> dict:
    condition = question.get("condition")
    initial = {
        "cluster": cluster,
        "article": question["article"],
        "kind": question["kind"],
        "choices": "\n".join(
            f"{c.get('value')}|{c.get('text', {}).get('en', '')}" for c in question.get("choices") or []
        ),
        "max_length": question.get("max_length"),
        "condition_kind": NO_CONDITION,
    }
    for code in LANGUAGES:
        initial[text_field(code)] = question["text"].get(code, "")
    if condition == {"uncac_party": False}:
        initial["condition_kind"] = NOT_UNCAC_PARTY
    elif condition == {"uncac_party": True}:
        initial["condition_kind"] = UNCAC_PARTY
    elif condition:
        initial.update(
            condition_kind=ON_ANSWER,
            condition_question=condition["question"],
            condition_answers=", ".join(condition["answer_in"]),
        )
    return initial


def _shorten(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
