"""Issuing, tracking the six languages, moving a status on, uploading and typing (P 37, P 40, P 43, P 48)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from documents import services
from documents.enums import DocumentKind, Language, Origin, RenderStatus, VersionStatus
from documents.models import Document, LanguageVersion
from documents.sources import DocumentSource
from tests import samples
from tests.documents.conftest import issue, typed

pytestmark = pytest.mark.django_db


def test_issue_crp_records_the_source_language_as_received_and_renders_its_pdf_P43(
    secretariat, state, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = issue(secretariat, groups=["WG.2"], state=state, restricted=True)
    assert document.kind == DocumentKind.CRP and document.issued_on == timezone.localdate()
    assert document.state == state and document.restricted
    [version] = document.versions.all()
    assert (version.language, version.status, version.received_on) == (
        "en",
        VersionStatus.RECEIVED,
        timezone.localdate(),
    )
    assert version.origin == Origin.TYPED
    assert version.render_status == RenderStatus.READY and version.sha256 and version.file.name.startswith("documents/")
    assert "&lt;b&gt;markup&lt;/b&gt; &amp;" in version.body_html  # the source's text is escaped
    assert "markup" in document.body_text


def test_a_source_already_issued_as_a_crp_is_refused(secretariat, state):
    from sherloc.registry.models import State

    class StateSource:  # any model with the five methods is a source; a State stands in here
        def document_title(self):
            return "List of observations"

        def document_language(self):
            return "fr"

        def document_html(self):
            return "<p>Texte</p>"

        def document_state(self):
            return state

        def document_restricted(self):
            return False

    source = State.objects.get(code="FRA")
    for name in ("document_title", "document_language", "document_html", "document_state", "document_restricted"):
        setattr(source, name, getattr(StateSource(), name))
    assert isinstance(source, DocumentSource)
    document = services.issue_crp(source=source, working_groups=["WG.3"], session="s", by=secretariat)
    assert document.source == State.objects.get(code="FRA")
    with pytest.raises(services.DocumentRefused, match="already been issued"):
        services.issue_crp(source=source, working_groups=["WG.3"], session="s", by=secretariat)
    assert Document.objects.count() == 1


def test_track_translations_requests_the_five_other_languages_P40(secretariat):
    document = services.track_translations(source=typed("Final desk review report", language="fr"), by=secretariat)
    statuses = dict(document.versions.values_list("language", "status"))
    assert statuses == dict.fromkeys(Language.values, VersionStatus.REQUESTED) | {"fr": VersionStatus.RECEIVED}
    assert document.kind == DocumentKind.REPORT and not document.issued


def test_a_language_that_is_not_one_of_the_six_is_refused_with_nothing_written_P48(secretariat):
    with pytest.raises(services.DocumentRefused, match="not one of the six working languages"):
        services.track_translations(source=typed(language="de"), by=secretariat)
    document = services.track_translations(source=typed(), by=secretariat)
    LanguageVersion.objects.filter(document=document, language="ru").delete()
    with pytest.raises(services.DocumentRefused, match="six working languages"):
        services.add_language(document=document, language="pt", by=secretariat)
    with pytest.raises(services.DocumentRefused, match="already has a version"):
        services.add_language(document=document, language="fr", by=secretariat)
    assert services.add_language(document=document, language="ru", by=secretariat).status == VersionStatus.REQUESTED
    assert Document.objects.count() == 1 and document.versions.count() == 6


def test_the_steps_of_a_language_version_are_dated_and_go_one_way(secretariat, django_capture_on_commit_callbacks):
    document = services.track_translations(source=typed(), by=secretariat)
    version = document.versions.get(language="ar")
    day = dt.date(2027, 3, 1)
    version = services.move_on(version=version, to=VersionStatus.IN_TRANSLATION, by=secretariat, on=day)
    assert version.in_translation_on == day
    with pytest.raises(services.DocumentRefused, match="uploaded or typed"):
        services.move_on(version=version, to=VersionStatus.RECEIVED, by=secretariat)
    with pytest.raises(services.DocumentRefused, match="cannot be moved"):
        services.move_on(version=version, to=VersionStatus.PUBLISHED, by=secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        version = services.type_version(version=version, text="نص التقرير.\n\nفقرة ثانية.", by=secretariat)
    version.refresh_from_db()
    assert version.status == VersionStatus.RECEIVED and version.render_status == RenderStatus.READY
    version = services.move_on(version=version, to=VersionStatus.PUBLISHED, by=secretariat, on=day)
    assert version.published_on == day
    with pytest.raises(services.DocumentRefused, match="published"):
        services.type_version(version=version, text="Other", by=secretariat)


def test_a_version_is_not_published_before_its_file_is_ready(secretariat):
    document = services.track_translations(source=typed(), by=secretariat)  # rendering not yet run
    with pytest.raises(services.DocumentRefused, match="file is ready"):
        services.move_on(version=document.versions.get(language="en"), to=VersionStatus.PUBLISHED, by=secretariat)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("traduction.docx", samples.ooxml(samples.DOCX_TYPE)),
        ("traduction.odt", samples.opendocument("application/vnd.oasis.opendocument.text")),
        ("traduction.pdf", samples.PDF),
    ],
)
def test_a_translation_is_uploaded_as_word_opendocument_or_pdf_P40(secretariat, name, content):
    document = services.track_translations(source=typed(), by=secretariat)
    version = services.upload_version(
        version=document.versions.get(language="fr"), upload=SimpleUploadedFile(name, content), by=secretariat
    )
    assert version.status == VersionStatus.RECEIVED and version.origin == Origin.UPLOADED
    assert version.has_file and version.file_name == name and len(version.sha256) == 64
    assert version.file.name.startswith("documents/") and "traduction" not in version.file.name
    assert version.download_name() == f"document-{document.pk}_fr.{name.rsplit('.', 1)[1]}"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("traduction.docx", samples.PDF, "does not match"),
        ("traduction.pdf", b"just some text", "does not match"),
        ("traduction.odt", samples.ooxml(samples.DOCX_TYPE), "does not match"),
        ("traduction.txt", b"text", "A translation is uploaded as Word"),
        ("traduction.xlsx", samples.ooxml(samples.XLSX_TYPE), "A translation is uploaded as Word"),
    ],
)
def test_an_upload_that_is_not_the_declared_type_is_refused_with_nothing_written(secretariat, name, content, message):
    document = services.track_translations(source=typed(), by=secretariat)
    version = document.versions.get(language="fr")
    with pytest.raises(services.DocumentRefused, match=message):
        services.upload_version(version=version, upload=SimpleUploadedFile(name, content), by=secretariat)
    version.refresh_from_db()
    assert version.status == VersionStatus.REQUESTED and not version.file and not version.sha256


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "a\x00b", "NUL"),
        ("title", "x" * 501, "at most 500"),
        ("title", "   ", "required"),
        ("session", "x" * 201, "at most 200"),
        ("groups", ["WG.9"], "Not a working group"),
        ("groups", [], "at least one working group"),
        ("groups", ["WG.2", "WG.2"], "named twice"),
    ],
)
def test_hostile_or_wrong_input_is_refused_with_nothing_written(secretariat, field, value, message):
    kwargs = {"title": "Title", "session": "Session", "groups": ["WG.2"]} | {field: value}
    with pytest.raises(services.DocumentRefused, match=message):
        issue(secretariat, groups=kwargs["groups"], session=kwargs["session"], title=kwargs["title"])
    assert not Document.objects.exists() and not LanguageVersion.objects.exists()


def test_a_typed_text_over_the_limit_is_refused(secretariat, settings):
    settings.DOCUMENT_TEXT_MAX_CHARS = 100
    document = services.track_translations(source=typed(), by=secretariat)
    with pytest.raises(services.DocumentRefused, match="at most 100"):
        services.type_version(version=document.versions.get(language="es"), text="x" * 101, by=secretariat)
    assert document.versions.get(language="es").status == VersionStatus.REQUESTED


def test_a_report_is_issued_once(secretariat):
    document = services.track_translations(source=typed(), by=secretariat, symbol="CTOC/COP/2027/3")
    document = services.issue(document=document, by=secretariat, session="Eleventh session", working_groups=["WG.2"])
    assert document.issued and document.working_group_codes() == ["WG.2"] and document.session == "Eleventh session"
    with pytest.raises(services.DocumentRefused, match="issued already"):
        services.issue(document=document, by=secretariat)
