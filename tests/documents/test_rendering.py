"""The PDF of a conference room paper or a language version: symbol, date, language, the confidentiality
line where restricted; Arabic right to left, Chinese and Cyrillic in the Noto fonts; the same source
renders to the same text (P 40, P 43, P 48). Text is read back with pdftotext (poppler-utils)."""

import shutil
import subprocess

import pytest

from documents import services
from documents.enums import RenderStatus
from documents.models import LanguageVersion
from documents.rendering import html_for, render_pdf
from documents.tasks import render_version
from tests.documents.conftest import issue

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"),
]


def text_of(pdf: bytes) -> str:
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return " ".join(text.split())


def fonts_of(pdf: bytes) -> str:
    return subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def stored_pdf(version) -> bytes:
    version.refresh_from_db()
    with version.file.open("rb") as f:
        return f.read()


def test_the_pdf_carries_symbol_date_language_and_the_confidentiality_line_P43(
    secretariat, state, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = issue(secretariat, groups=["WG.2", "WG.3"], state=state, restricted=True)
    version = document.versions.get()
    assert version.render_status == RenderStatus.READY
    text = text_of(stored_pdf(version))
    assert document.symbol in text
    assert document.issued_on.strftime("%Y-%m-%d") in text
    assert "English" in text and "Austria" in text
    assert "RESTRICTED" in text.upper()
    assert "Working Group of Government Experts on Technical Assistance" in text
    assert "Working Group on International Cooperation" in text
    assert "<b>markup</b> & an ampersand" in text  # escaped on the way in, shown as typed


def test_an_unrestricted_paper_has_no_confidentiality_line(secretariat, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = issue(secretariat)
    assert "RESTRICTED" not in text_of(stored_pdf(document.versions.get())).upper()


def test_the_same_source_renders_to_the_same_text(secretariat, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = issue(secretariat, text="Paragraph one.\n\nParagraph two, a little longer than the first one.")
    version = document.versions.get()
    first = text_of(stored_pdf(version))
    LanguageVersion.objects.filter(pk=version.pk).update(render_status=RenderStatus.PENDING)
    assert render_version(version.pk) == RenderStatus.READY
    assert text_of(stored_pdf(version)) == first


def test_arabic_is_right_to_left_in_an_arabic_font_P48(secretariat):
    document = services.track_translations(
        source=_source("ar", "تقرير الاستعراض النهائي", "هذا نص عربي للتقرير."), by=secretariat
    )
    version = document.versions.get(language="ar")
    html = html_for(version)
    assert 'dir="rtl"' in html and 'lang="ar"' in html
    pdf = render_pdf(version)
    assert "Arabic" in fonts_of(pdf)  # Noto Naskh/Sans Arabic
    assert "عربي" in text_of(pdf)


def test_chinese_and_russian_are_set_in_the_noto_fonts_P48(secretariat):
    for language, title, body, font in [
        ("zh-hans", "最终案头审查报告", "这是报告的中文文本。", "CJK"),
        ("ru", "Заключительный доклад", "Это русский текст доклада.", "Noto"),
    ]:
        document = services.track_translations(source=_source(language, title, body), by=secretariat)
        version = document.versions.get(language=language)
        if language == "zh-hans":
            assert 'lang="zh-Hans"' in html_for(version)  # else WeasyPrint picks Japanese glyph variants
        pdf = render_pdf(version)
        assert font in fonts_of(pdf)
        assert body.rstrip("。.") in text_of(pdf)


def test_without_weasyprints_libraries_the_version_is_marked_failed(
    secretariat, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(html):
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr("documents.rendering.pdf_from_html", broken)
    with django_capture_on_commit_callbacks(execute=True):
        document = issue(secretariat)
    version = document.versions.get()
    assert version.render_status == RenderStatus.FAILED and "libpango" in version.render_error
    assert not version.file
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        services.rerender(version=version, by=secretariat)
    version.refresh_from_db()
    assert version.render_status == RenderStatus.READY


def _source(language, title, body):
    from tests.documents.conftest import typed

    return typed(title, language=language, text=body)
