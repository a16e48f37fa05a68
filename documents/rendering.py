"""The PDF of a language version: the symbol, the date, the language and, where restricted, the
confidentiality line; Arabic right to left, Chinese and Cyrillic in the Noto fonts (docs/documents.md).

The HTML depends only on what is stored (the version's body and the document's facts), so the same
source renders to the same text every time."""

from django.template.loader import render_to_string
from django.utils import translation

from .enums import Language


def html_for(version) -> str:
    document = version.document
    language = version.language
    with translation.override(language):
        return render_to_string(
            "documents/pdf.html",
            {
                "document": document,
                "version": version,
                "language": language,
                "html_lang": "zh-Hans" if language == Language.ZH else language,
                "rtl": language == Language.AR,
                "language_name": translation.get_language_info(language)["name_local"],
                "working_groups": [g.get_working_group_display() for g in document.working_groups.all()],
            },
        )


def pdf_from_html(html: str) -> bytes:
    from weasyprint import HTML  # slow import: only where a PDF is made

    return HTML(string=html).write_pdf()


def render_pdf(version) -> bytes:
    return pdf_from_html(html_for(version))
