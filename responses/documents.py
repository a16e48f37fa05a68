"""A submitted response as a reader sees it: the page and the PDF, both in the response's language."""

import hashlib

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import translation

from .answers import is_mandatory_kind
from .enums import ClosedAnswer


def readable(content: dict) -> list[dict]:
    """The snapshot's sections with each answer put into words, in the response's language."""
    with translation.override(content["language"]):
        closed = {c.value: str(c.label) for c in ClosedAnswer}
        sections = []
        for section in content["sections"]:
            rows = []
            for q in section["questions"]:
                answer = q["answer"]
                choices = {c["value"]: c["text"] for c in q.get("choices", [])}
                if q["kind"] == "yes_no_partly":
                    words = closed.get(answer, "")
                elif q["kind"] in ("single_choice", "multiple_choice"):
                    values = answer if isinstance(answer, list) else [answer] if answer else []
                    words = "; ".join(choices.get(v, v) for v in values)
                elif q["kind"] == "short_text":
                    words = answer or ""
                else:
                    words = ""
                references = answer if q["kind"] == "legislation" and isinstance(answer, list) else []
                rows.append({**q, "words": words, "references": references, "mandatory": is_mandatory_kind(q["kind"])})
            sections.append({**section, "questions": rows})
    return sections


def render_pdf(snapshot) -> bytes:
    from weasyprint import HTML  # slow import: only where a PDF is made

    content = snapshot.content
    with translation.override(content["language"]):
        html = render_to_string(
            "responses/snapshot_pdf.html",
            {"snapshot": snapshot, "content": content, "sections": readable(content)},
        )
    return HTML(string=html).write_pdf()


def ensure_pdf(snapshot) -> None:
    if snapshot.pdf:
        return
    data = render_pdf(snapshot)
    # stored under a random name (responses.models.pdf_path); the reader's file name is made on download
    snapshot.pdf.save("submission.pdf", ContentFile(data), save=False)
    snapshot.pdf_sha256 = hashlib.sha256(data).hexdigest()
    snapshot.save(update_fields=["pdf", "pdf_sha256"])
