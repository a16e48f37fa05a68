"""The questionnaire file format: read, validate, write. Documented in docs/questionnaire-format.md.

    {"instrument": "UNTOC", "version": "2026.1",
     "sections": [{"cluster": "criminalization",
                   "questions": [{"id": "untoc-5-1", "article": "5", "kind": "yes_no_partly",
                                  "text": {"en": "…", "fr": "…"}, "condition": null}]}]}

Optional per question: "choices" (single and multiple choice: [{"value": str, "text": {lang: str}}]),
"max_length" (short text). A condition is null, {"uncac_party": false}, or
{"question": "<id of an earlier question>", "answer_in": ["yes", "partly"]}.
"""

import json

from django.conf import settings

from sherloc.registry.i18n import localized
from sherloc.registry.models import Article, Cluster, ClusterArticle, Instrument

from .enums import QuestionKind

KINDS = [k.value for k in QuestionKind]
LANGUAGES = [code for code, _ in settings.LANGUAGES]
REVIEWED = ["UNTOC", "TIP", "SOM", "FIREARMS"]


class DefinitionError(ValueError):
    """A definition file that cannot be imported; every message names the field at fault."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


def parse(text: str) -> dict:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise DefinitionError([f"line {error.lineno}, column {error.colno}: not valid JSON ({error.msg})"]) from None


def validate(data) -> list[str]:
    """Every problem of a definition, as 'field path: what is wrong'. Empty when it can be imported."""
    if not isinstance(data, dict):
        return ["the file must hold one JSON object"]
    problems = []
    instrument = data.get("instrument")
    if instrument not in REVIEWED:
        problems.append(f"instrument: {instrument!r} is not one of {', '.join(REVIEWED)}")
    version = data.get("version")
    if not isinstance(version, str) or not version.strip() or len(version) > 40:
        problems.append("version: a non-empty text of at most 40 characters is required")
    sections = data.get("sections")
    if not isinstance(sections, list) or not sections:
        return [*problems, "sections: a non-empty list is required"]
    articles = set()
    if instrument in REVIEWED:
        articles = {
            str(n) for n in Article.objects.filter(instrument__code=instrument).values_list("number", flat=True)
        }
    clusters = set(Cluster.objects.values_list("code", flat=True))
    seen: list[str] = []
    for s, section in enumerate(sections):
        where = f"sections[{s}]"
        if not isinstance(section, dict):
            problems.append(f"{where}: must be an object")
            continue
        if section.get("cluster") not in clusters:
            problems.append(f"{where}.cluster: {section.get('cluster')!r} is not one of {', '.join(sorted(clusters))}")
        questions = section.get("questions")
        if not isinstance(questions, list) or not questions:
            problems.append(f"{where}.questions: a non-empty list is required")
            continue
        for q, question in enumerate(questions):
            problems += _question_problems(f"{where}.questions[{q}]", question, articles, seen)
    return problems


def _question_problems(where: str, question, articles: set[str], seen: list[str]) -> list[str]:
    if not isinstance(question, dict):
        return [f"{where}: must be an object"]
    problems = []
    qid = question.get("id")
    if not isinstance(qid, str) or not qid or len(qid) > 60 or not qid.replace("-", "").replace("_", "").isalnum():
        problems.append(f"{where}.id: letters, digits, '-' or '_' only, at most 60 characters (got {qid!r})")
    elif qid in seen:
        problems.append(f"{where}.id: {qid!r} is used twice")
    if str(question.get("article")) not in articles:
        problems.append(f"{where}.article: {question.get('article')!r} is not an article of this instrument")
    kind = question.get("kind")
    if kind not in KINDS:
        problems.append(f"{where}.kind: {kind!r} is not one of {', '.join(KINDS)}")
    text = question.get("text")
    if not isinstance(text, dict) or not isinstance(text.get("en"), str) or not text["en"].strip():
        problems.append(f"{where}.text: an object with at least the English text ('en') is required")
    else:
        for lang, value in text.items():
            if lang not in LANGUAGES or not isinstance(value, str):
                problems.append(f"{where}.text.{lang}: languages are {', '.join(LANGUAGES)}, each with a text")
    if kind in ("single_choice", "multiple_choice"):
        choices = question.get("choices")
        if not isinstance(choices, list) or len(choices) < 2:
            problems.append(f"{where}.choices: a choice question needs at least two choices")
        else:
            for c, choice in enumerate(choices):
                if not isinstance(choice, dict) or not choice.get("value") or not isinstance(choice.get("text"), dict):
                    problems.append(f"{where}.choices[{c}]: each choice needs a 'value' and a 'text' object")
    max_length = question.get("max_length")
    if max_length is not None and (not isinstance(max_length, int) or not 1 <= max_length <= 20000):
        problems.append(f"{where}.max_length: a whole number from 1 to 20000")
    condition = question.get("condition")
    if condition is not None:
        if condition == {"uncac_party": False} or condition == {"uncac_party": True}:
            pass
        elif isinstance(condition, dict) and set(condition) == {"question", "answer_in"}:
            if condition["question"] not in seen:
                problems.append(f"{where}.condition.question: {condition['question']!r} is not an earlier question")
            if not isinstance(condition["answer_in"], list) or not condition["answer_in"]:
                problems.append(f"{where}.condition.answer_in: a non-empty list of answers")
        else:
            problems.append(
                f'{where}.condition: null, {{"uncac_party": false}} or {{"question": id, "answer_in": [...]}}'
            )
    if isinstance(qid, str):
        seen.append(qid)
    return problems


def to_data(questionnaire) -> dict:
    """A questionnaire as the file format: sections in the order of table 1, questions in order."""
    sections: dict[str, list] = {}
    for q in questionnaire.questions.select_related("cluster", "article").order_by("cluster__position", "position"):
        item = {"id": q.qid, "article": str(q.article.number), "kind": q.kind, "text": q.text, "condition": q.condition}
        if q.choices:
            item["choices"] = q.choices
        if q.max_length is not None:
            item["max_length"] = q.max_length
        sections.setdefault(q.cluster.code, []).append(item)
    return {
        "instrument": questionnaire.instrument.code,
        "version": questionnaire.version,
        "sections": [{"cluster": code, "questions": questions} for code, questions in sections.items()],
    }


def dumps(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# The starting questionnaire: for every article of table 1, one closed question and one
# question asking for the legislation, in the six languages. Each frame is a format string with
# named placeholders filled in its own language: {n} the article's number, {title} its title,
# {of_instrument} "of the Organized Crime Convention" (the instrument's `of_short_name` column),
# so each language orders and inflects the phrase as it must.
FRAMES = {
    "measures": {
        "en": "Has your country adopted the measures required by article {n} ({title}) {of_instrument}?",
        "fr": "Votre pays a-t-il adopté les mesures requises par l'article {n} ({title}) {of_instrument} ?",
        "es": "¿Ha adoptado su país las medidas exigidas por el artículo {n} ({title}) {of_instrument}?",
        "ru": "Приняла ли ваша страна меры, требуемые статьей {n} ({title}) {of_instrument}?",
        "ar": "هل اعتمد بلدكم التدابير التي تقتضيها المادة {n} ({title}) {of_instrument}؟",
        "zh-hans": "贵国是否已采取{of_instrument}第{n}条（{title}）所要求的措施？",
    },
    "legislation": {
        "en": "Please cite the legislation that gives effect to article {n}: title, article, and a link or the text.",
        "fr": "Veuillez citer la législation qui donne effet à l'article {n} : titre, article, et un lien ou le texte.",
        "es": "Sírvase citar la legislación que da efecto al artículo {n}: título, artículo y un enlace o el texto.",
        "ru": "Просьба указать законодательство, обеспечивающее применение статьи {n}: название, статью и ссылку или текст.",
        "ar": "يرجى ذكر التشريعات التي تنفذ المادة {n}: العنوان والمادة ورابط أو النص.",
        "zh-hans": "请列出落实第{n}条的立法：名称、条款，以及链接或案文。",
    },
}


def starting_definition(instrument_code: str, version: str = "start-1") -> dict:
    instrument = Instrument.objects.get(code=instrument_code)
    sections: dict[str, list] = {}
    links = (
        ClusterArticle.objects.filter(article__instrument=instrument)
        .select_related("cluster", "article")
        .order_by("cluster__position", "article__number")
    )
    for link in links:
        article = link.article
        base = f"{instrument_code.lower()}-{article.number}"
        values = {
            lang: {
                "n": article.number,
                "title": localized(article, "title", lang),
                "of_instrument": localized(instrument, "of_short_name", lang) or instrument.short_name,
            }
            for lang in FRAMES["measures"]
        }
        closed = {
            "id": f"{base}-measures",
            "article": str(article.number),
            "kind": "yes_no_partly",
            "text": {lang: frame.format(**values[lang]) for lang, frame in FRAMES["measures"].items()},
            "condition": {"uncac_party": False} if link.only_for_non_uncac_parties else None,
        }
        legislation = {
            "id": f"{base}-legislation",
            "article": str(article.number),
            "kind": "legislation",
            "text": {lang: frame.format(**values[lang]) for lang, frame in FRAMES["legislation"].items()},
            "condition": {"question": closed["id"], "answer_in": ["yes", "partly"]},
        }
        sections.setdefault(link.cluster.code, []).extend([closed, legislation])
    return {
        "instrument": instrument_code,
        "version": version,
        "sections": [{"cluster": c, "questions": q} for c, q in sections.items()],
    }
