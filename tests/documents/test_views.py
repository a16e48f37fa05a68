"""The library, a document's page, downloads and the conference officer's translations page: what each
persona sees, every denial a 404 with nothing of the content, hostile input a 400 (docs/documents.md)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documents import services
from documents.enums import RenderStatus, VersionStatus
from documents.models import Document, LanguageVersion
from tests import samples
from tests.conftest import verified_client
from tests.documents.conftest import issue, typed

pytestmark = pytest.mark.django_db

LIBRARY = reverse("documents:library")


def as_user(user):
    return verified_client(Client(), user) if user else Client()


def published(document, language="en"):
    LanguageVersion.objects.filter(document=document, language=language).update(
        status=VersionStatus.PUBLISHED, render_status=RenderStatus.READY
    )
    return document


@pytest.fixture
def world(people, secretariat, state, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        public = issue(secretariat, groups=["WG.2"], title="Public paper on technical assistance", state=state)
        restricted = issue(secretariat, groups=["WG.3"], title="Restricted paper on extradition", restricted=True)
        draft = services.track_translations(source=typed("Draft final report of Austria"), by=secretariat)
    services.move_on(version=public.versions.get(), to=VersionStatus.PUBLISHED, by=secretariat)
    services.move_on(version=restricted.versions.get(), to=VersionStatus.PUBLISHED, by=secretariat)
    return {"public": public, "restricted": restricted, "draft": draft}


@pytest.mark.parametrize(
    ("persona", "seen"),
    [
        ("secretariat", {"public", "restricted", "draft"}),
        ("officer", {"public", "restricted", "draft"}),
        ("focal_point", {"public", "restricted"}),
        ("observer", {"public", "restricted"}),
        ("stakeholder", {"public"}),
        ("no_role", {"public"}),
        ("anonymous", {"public"}),
    ],
)
def test_each_persona_finds_in_the_library_what_it_may_see(world, people, persona, seen):
    client = as_user(people.get(persona))
    body = client.get(LIBRARY).content.decode()
    titles = {"public": "Public paper", "restricted": "Restricted paper", "draft": "Draft final report"}
    assert {k for k, t in titles.items() if t in body} == seen
    for name, document in world.items():
        reply = client.get(reverse("documents:detail", args=[document.pk]))
        assert reply.status_code == (200 if name in seen else 404)
        if name not in seen:
            assert titles[name].encode() not in reply.content
        version = document.versions.get(language="en")
        download = client.get(reverse("documents:download", args=[version.pk]))
        if name in seen and version.status == VersionStatus.PUBLISHED:
            assert download.status_code == 200
        elif persona not in ("secretariat", "officer"):
            assert download.status_code == 404


def test_the_download_is_a_pdf_named_after_its_symbol(world, people):
    document = world["public"]
    version = document.versions.get()
    reply = Client().get(reverse("documents:download", args=[version.pk]))
    assert reply.status_code == 200 and reply["Content-Type"] == "application/pdf"
    name = document.symbol.replace("/", "_") + "_en.pdf"
    assert name.startswith("CTOC_COP_WG.2_") and f'filename="{name}"' in reply["Content-Disposition"]
    assert b"".join(reply.streaming_content if reply.streaming else [reply.content]).startswith(b"%PDF")


def test_a_file_changed_on_disk_is_not_served(world, people):
    version = world["public"].versions.get()
    with version.file.open("wb") as f:
        f.write(b"%PDF-1.4 tampered")
    assert Client().get(reverse("documents:download", args=[version.pk])).status_code == 409


def test_the_library_filters_by_group_session_state_language_and_symbol(world, people, state):
    client = as_user(people["officer"])
    cases = [
        ({"working_group": "WG.3"}, {"Restricted paper"}),
        ({"state": state.pk}, {"Public paper"}),
        ({"symbol": world["public"].symbol}, {"Public paper"}),
        ({"session": "thirteenth"}, {"Public paper", "Restricted paper"}),
        ({"language": "fr"}, {"Draft final report"}),
        ({"kind": "report"}, {"Draft final report"}),
        ({"q": "extradition"}, {"Restricted paper"}),
        ({"q": "assistance"}, {"Public paper"}),
    ]
    for query, expected in cases:
        body = client.get(LIBRARY, query).content.decode()
        found = {t for t in ("Public paper", "Restricted paper", "Draft final report") if t in body}
        assert found == expected, query


def test_the_full_text_search_reads_the_body_too(secretariat, people, django_capture_on_commit_callbacks):
    issue(secretariat, title="A paper", text="The confiscation of proceeds of crime across borders.")
    body = as_user(people["officer"]).get(LIBRARY, {"q": "confiscation"}).content.decode()
    assert "A paper" in body


@pytest.mark.parametrize(
    "query", [{"page": "abc"}, {"page": "0"}, {"state": "x"}, {"language": "de"}, {"q": "x" * 201}]
)
def test_malformed_library_queries_are_refused_with_a_message(world, query):
    reply = Client().get(LIBRARY, query)
    assert reply.status_code == 400


def test_a_nul_in_the_search_is_refused(world):
    assert Client().get(LIBRARY, {"q": "a\x00b"}).status_code == 400


def _many(secretariat, n, *, prefix):
    documents = Document.objects.bulk_create(
        Document(
            kind="crp",
            symbol=f"BULK/{prefix}/{i}",
            title=f"Bulk {i}",
            session="s",
            issued_on="2027-01-01",
            created_by=secretariat,
        )
        for i in range(n)
    )
    LanguageVersion.objects.bulk_create(
        LanguageVersion(document=d, language=code, status="published", render_status="ready", file="documents/x")
        for d in documents
        for code in ("en", "fr")
    )


@pytest.mark.parametrize("persona", ["officer", "focal_point", "anonymous"])
def test_the_library_reads_the_same_number_of_queries_at_any_size(
    people, secretariat, persona, django_assert_num_queries
):
    client = as_user(people.get(persona))
    client.get(LIBRARY)  # sessions and the like settle
    _many(secretariat, 30, prefix="a")
    with CaptureQueriesContext(connection) as small:
        assert client.get(LIBRARY).status_code == 200
    _many(secretariat, 300, prefix="b")
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(LIBRARY, {"page": "5"}).status_code == 200


def test_the_translations_page_lists_every_language_of_every_document_for_the_officer_P40(world, people):
    client = as_user(people["officer"])
    body = client.get(reverse("documents:translations")).content.decode()
    assert "Draft final report" in body and body.count("requested") >= 5
    for persona in ("focal_point", "stakeholder", "no_role"):
        assert as_user(people[persona]).get(reverse("documents:translations")).status_code == 404
    assert Client().get(reverse("documents:translations")).status_code == 302  # to the sign-in


def test_the_officer_moves_a_status_on_uploads_and_types(world, people, django_capture_on_commit_callbacks):
    client = as_user(people["officer"])
    draft = world["draft"]
    ar, fr, es = (draft.versions.get(language=c) for c in ("ar", "fr", "es"))
    reply = client.post(reverse("documents:move_on", args=[ar.pk]), {"to": "in_translation", "back": "translations"})
    assert reply.status_code == 302 and reply["Location"] == reverse("documents:translations")
    ar.refresh_from_db()
    assert ar.status == VersionStatus.IN_TRANSLATION and ar.in_translation_on
    upload = SimpleUploadedFile("rapport.docx", samples.ooxml(samples.DOCX_TYPE))
    assert client.post(reverse("documents:upload", args=[fr.pk]), {"file": upload}).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        reply = client.post(reverse("documents:type", args=[es.pk]), {"text": "Informe final.\n\nSegundo párrafo."})
    assert reply.status_code == 302
    statuses = dict(draft.versions.values_list("language", "status"))
    assert statuses["fr"] == statuses["es"] == VersionStatus.RECEIVED
    es.refresh_from_db()
    assert es.render_status == RenderStatus.READY


def test_a_wrong_upload_is_refused_with_a_message_and_nothing_stored(world, people):
    client = as_user(people["officer"])
    fr = world["draft"].versions.get(language="fr")
    upload = SimpleUploadedFile("rapport.docx", samples.PDF)
    reply = client.post(reverse("documents:upload", args=[fr.pk]), {"file": upload})
    assert reply.status_code == 400 and "does not match" in reply.content.decode()
    fr.refresh_from_db()
    assert fr.status == VersionStatus.REQUESTED and not fr.file


def test_a_seventh_language_is_refused_with_a_message(world, people):
    reply = as_user(people["officer"]).post(
        reverse("documents:add_language", args=[world["draft"].pk]), {"language": "de"}
    )
    assert reply.status_code == 400 and "six working languages" in reply.content.decode()


def test_nobody_but_staff_posts(world, people):
    version = world["draft"].versions.get(language="ar")
    for persona in ("focal_point", "stakeholder", "no_role"):
        client = as_user(people[persona])
        assert client.post(reverse("documents:move_on", args=[version.pk]), {"to": "in_translation"}).status_code == 404
        assert client.post(reverse("documents:type", args=[version.pk]), {"text": "x"}).status_code == 404
        assert client.post(reverse("documents:issue", args=[world["draft"].pk]), {}).status_code == 404
        assert client.get(reverse("documents:new_crp")).status_code == 404
    version.refresh_from_db()
    assert version.status == VersionStatus.REQUESTED


def test_the_officer_issues_a_typed_crp_from_the_form(people, django_capture_on_commit_callbacks):
    client = as_user(people["officer"])
    data = {"title": "Typed paper", "language": "en", "working_groups": ["WG.4"], "session": "S", "text": "Body."}
    with django_capture_on_commit_callbacks(execute=True):
        reply = client.post(reverse("documents:new_crp"), data)
    document = Document.objects.get(title="Typed paper")
    assert reply.status_code == 302 and "/WG.4/" in document.symbol
    page = client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert document.symbol.replace("/", "_") + "_en.pdf" in page  # the download, ready


def test_the_page_refreshes_while_a_pdf_is_rendering(people, secretariat):
    document = issue(secretariat)  # on_commit not run: the rendering is pending
    body = as_user(people["officer"]).get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert 'http-equiv="refresh"' in body and "waiting to be rendered" in body


def test_huge_or_bad_input_in_the_typed_crp_form_is_refused(people):
    client = as_user(people["officer"])
    data = {"title": "x" * 600, "language": "xx", "working_groups": ["WG.9"], "session": "S", "text": "Body."}
    reply = client.post(reverse("documents:new_crp"), data)
    assert reply.status_code == 400 and not Document.objects.exists()


def test_the_library_in_arabic_is_right_to_left(world):
    body = Client().get("/ar/documents/").content.decode()
    assert 'dir="rtl"' in body


@pytest.mark.parametrize("pk", ["99999999999999999999999", "0"])
def test_an_id_out_of_range_is_a_404_not_an_error(world, people, pk):
    client = as_user(people["officer"])
    assert client.get(f"/en/documents/{pk}/").status_code == 404
    assert client.get(f"/en/documents/versions/{pk}/download/").status_code == 404
