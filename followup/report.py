"""The general report of trends, patterns and good practices of one phase (P 18, P 12): from the submitted
responses (the latest submission of each State) and the final lists of observations, counts of States
only, every table through followup.tables (suppression below 3, with secondary suppression). Rows keep the
questionnaire's order and the articles' numbers: nothing is ranked (P 3(b)). A fixed number of queries
whatever the number of States (benchmarks/followup.py)."""

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from observations.enums import ItemKind
from observations.models import ObservationList
from questionnaires.enums import QuestionKind
from questionnaires.models import Question
from responses.enums import ClosedAnswer, ResponseStatus
from responses.models import Snapshot
from sherloc.registry.disclosure import publishable_total
from sherloc.registry.models import Article

from .charts import bar_chart, table_chart
from .tables import count_table

CLOSED = {QuestionKind.YES_NO_PARTLY, QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE}


def latest_submissions(phase) -> list[tuple[int, str, dict]]:
    """(state id, regional group, content) of the latest submission of each submitted response."""
    rows = (
        Snapshot.objects.filter(response__phase=phase, response__status=ResponseStatus.SUBMITTED)
        .order_by("response_id", "-number")
        .values_list("response_id", "response__state_id", "response__state__un_regional_group", "content")
    )
    seen, out = set(), []
    for response_id, state_id, group, content in rows:
        if response_id not in seen:
            seen.add(response_id)
            out.append((state_id, group, content))
    return out


def _shares(table: dict) -> list[list[int | None]]:
    """Per option and column, the percentage of the States answering, where both counts are shown."""
    totals = table["total"]["cells"]
    out = []
    for row in table["rows"]:
        out.append(
            [
                round(100 * n / totals[i]) if n is not None and totals[i] not in (None, 0) else None
                for i, n in enumerate(row["cells"])
            ]
        )
    return out


def question_tables(submissions, language: str) -> list[dict]:
    order, found = [], {}
    for state_id, group, content in submissions:
        for section in content.get("sections", []):
            for q in section.get("questions", []):
                if q.get("kind") not in CLOSED:
                    continue
                key = (section.get("instrument", ""), q.get("id", ""))
                if key not in found:
                    order.append(key)
                    found[key] = {"entry": q, "pairs": []}
                answer = q.get("answer")
                values = answer if isinstance(answer, list) else [answer]
                for v in values:
                    if isinstance(v, str) and v:
                        found[key]["pairs"].append((v, state_id, group))
    texts = {
        (q.questionnaire.instrument.code, q.qid): q
        for q in Question.objects.filter(qid__in={k[1] for k in order}).select_related("questionnaire__instrument")
    }
    out = []
    for key in order:
        entry, pairs = found[key]["entry"], found[key]["pairs"]
        question = texts.get(key)
        if entry["kind"] == QuestionKind.YES_NO_PARTLY:
            options = [(c.value, str(c.label)) for c in ClosedAnswer]
        elif question is not None and question.choices:
            options = [
                (c["value"], c["text"].get(language) or c["text"].get("en", c["value"])) for c in question.choices
            ]
        else:
            options = [(c["value"], c["text"]) for c in entry.get("choices", [])]
        text = (
            (question.text.get(language) or question.text.get("en")) if question is not None else entry.get("text", "")
        )
        table = count_table(options, pairs, total_label=_("States answering"))
        table["shares"] = _shares(table)
        out.append(
            {
                "id": key[1],
                "instrument": key[0],
                "article": entry.get("article", ""),
                "text": text,
                "multiple": entry["kind"] == QuestionKind.MULTIPLE_CHOICE,
                "table": table,
            }
        )
    return out


def observation_tables(phase) -> tuple[dict, dict]:
    rows = ObservationList.objects.filter(review__phase=phase, final_version__isnull=False).values_list(
        "review__state_id", "review__state__un_regional_group", "final_version__items"
    )
    pairs = {ItemKind.GAP: set(), ItemKind.GOOD_PRACTICE: set()}
    for state_id, group, items in rows:
        for item in items or []:
            if item.get("kind") in pairs:
                for article in item.get("articles", []):
                    pairs[item["kind"]].add((article, state_id, group))
    used = {p[0] for kind in pairs.values() for p in kind}
    articles = [(a.pk, str(a)) for a in Article.objects.filter(pk__in=used).select_related("instrument")]
    gaps = count_table(articles, pairs[ItemKind.GAP], total_label=_("States with a gap on any article"))
    good = count_table(articles, pairs[ItemKind.GOOD_PRACTICE], total_label=_("States with a good practice"))
    return gaps, good


def report_tables(phase) -> dict:
    """The frozen content of an edition of the general report (JSON)."""
    submissions = latest_submissions(phase)
    language = translation.get_language() or "en"
    gaps, good = observation_tables(phase)
    return {
        "phase": phase.number,
        "phase_name": phase.name,
        "cluster": phase.cluster.name if phase.cluster_id else "",
        "computed_at": timezone.now().isoformat(),
        "states_responding": publishable_total(len(submissions)),
        "questions": question_tables(submissions, language),
        "gaps": gaps,
        "good_practices": good,
    }


def with_charts(tables: dict) -> dict:
    """The tables with their SVG charts, for the page and the PDF."""
    questions = []
    for q in tables["questions"]:
        table = q["table"]
        bars = [
            (row["label"], share[-1], f"{share[-1]} %" if share[-1] is not None else "")
            for row, share in zip(table["rows"], table["shares"], strict=True)
        ]
        questions.append(
            {
                **q,
                "rows": [
                    {"label": row["label"], "cells": list(zip(row["cells"], share, strict=True))}
                    for row, share in zip(table["rows"], table["shares"], strict=True)
                ],
                "chart": bar_chart(bars, title=q["text"][:200], maximum=100),
            }
        )
    return {
        **tables,
        "questions": questions,
        "gaps_chart": table_chart(tables["gaps"], title=_("Gaps and challenges: States, by article")),
        "good_chart": table_chart(tables["good_practices"], title=_("Good practices: States, by article")),
    }


def report_html(tables: dict) -> str:
    return render_to_string("followup/_report_body.html", {"r": with_charts(tables)})
