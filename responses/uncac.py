"""Reuse of what a State submitted to the UNCAC review (P 21): the correspondence of articles and
the UNCAC response file. The format is documented in docs/uncac-reuse.md."""

import csv
import io
import json

from django.utils.translation import gettext as _

from sherloc.registry.models import UncacCorrespondence

from . import answers as rules
from .enums import ClosedAnswer


class UncacFileInvalid(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


def correspondence() -> dict[int, list[str]]:
    """Convention article number → the UNCAC article numbers with identical or similar obligations."""
    rows = UncacCorrespondence.objects.select_related("article")
    return {row.article.number: row.uncac_numbers for row in rows}


class _Refs:
    """A list of legislation references with getlist(), to reuse the answer rules."""

    def __init__(self, refs):
        self.refs = refs

    def getlist(self, name):
        return [str(r.get(name) or "") for r in self.refs]


def _article(where: str, number, entry, problems: list) -> dict | None:
    if not isinstance(entry, dict):
        problems.append(_("%(where)s: an object with answer, text and legislation is expected") % {"where": where})
        return None
    answer = (entry.get("answer") or "").strip()
    if answer and answer not in ClosedAnswer.values:
        problems.append(_("%(where)s.answer: %(value)r is not yes, partly or no") % {"where": where, "value": answer})
    text = entry.get("text") or ""
    if not isinstance(text, str) or len(text) > rules.REFERENCE_LIMITS["text"]:
        problems.append(
            _("%(where)s.text: a text of at most %(limit)s characters is expected")
            % {"where": where, "limit": rules.REFERENCE_LIMITS["text"]}
        )
        text = ""
    refs = entry.get("legislation") or []
    legislation = []
    if not isinstance(refs, list) or not all(isinstance(r, dict) for r in refs):
        problems.append(_("%(where)s.legislation: a list of references is expected") % {"where": where})
    else:
        try:
            legislation = rules._parse_references(_Refs(refs)) or []
        except rules.AnswerInvalid as error:
            problems.extend(f"{where}.legislation: {p}" for p in error.problems)
    return {"answer": answer, "text": text.strip(), "legislation": legislation}


def parse_file(content: bytes, filename: str) -> tuple[str, dict]:
    """(source, {UNCAC article number: entry}) from a JSON or CSV file; every problem names its place."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UncacFileInvalid([_("The file must be text in UTF-8 (JSON or CSV).")]) from None
    problems: list[str] = []
    articles: dict = {}
    if filename.lower().endswith(".json"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise UncacFileInvalid(
                [_("line %(line)s, column %(column)s: not valid JSON") % {"line": error.lineno, "column": error.colno}]
            ) from None
        if not isinstance(data, dict) or not isinstance(data.get("articles"), dict):
            raise UncacFileInvalid([_("articles: an object mapping UNCAC article numbers to answers is required")])
        source = str(data.get("source") or "").strip()
        for number, entry in data["articles"].items():
            if not str(number).isdigit():
                problems.append(_("articles.%(number)s: not a UNCAC article number") % {"number": number})
                continue
            parsed = _article(f"articles.{number}", number, entry, problems)
            if parsed:
                articles[str(int(number))] = parsed
    elif filename.lower().endswith(".csv"):
        reader = csv.DictReader(io.StringIO(text))
        if not reader.fieldnames or "uncac_article" not in reader.fieldnames:
            raise UncacFileInvalid([_("line 1: the columns must include uncac_article, answer and text")])
        source = ""
        for line, row in enumerate(reader, start=2):
            number = (row.get("uncac_article") or "").strip()
            if not number.isdigit():
                problems.append(
                    _("line %(line)s, uncac_article: %(value)r is not a number") % {"line": line, "value": number}
                )
                continue
            refs = []
            if (row.get("legislation_title") or "").strip():
                refs = [
                    {
                        "title": row.get("legislation_title"),
                        "article": row.get("legislation_article"),
                        "link": row.get("legislation_link"),
                    }
                ]
            entry = {"answer": row.get("answer"), "text": row.get("text"), "legislation": refs}
            parsed = _article(f"line {line}", number, entry, problems)
            if parsed:
                articles[str(int(number))] = parsed
    else:
        raise UncacFileInvalid([_("The file must be a .json or a .csv file.")])
    if problems:
        raise UncacFileInvalid(problems)
    if not articles:
        raise UncacFileInvalid([_("The file holds no article.")])
    return source or filename, articles
