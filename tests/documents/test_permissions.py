"""Truth table of who sees which document and downloads which language version (docs/documents.md).

The expected answers are written out, not recomputed from the rule. Personas: the secretariat, a
conference officer, a State's focal point, expert, national contributor and observer, a stakeholder,
a stakeholder who also holds a State role, a signed-in user with no role, and the public."""

from types import SimpleNamespace

import pytest

from documents.enums import RenderStatus, VersionStatus
from documents.permissions import Reader, may_download, may_issue, may_manage, may_see_document

PERSONAS = {
    "secretariat": Reader(staff=True),
    "officer": Reader(staff=True),
    "focal_point": Reader(state_user=True),
    "expert": Reader(state_user=True),
    "contributor": Reader(state_user=True),
    "observer": Reader(state_user=True),
    "stakeholder": Reader(stakeholder=True),
    "stakeholder_and_state": Reader(state_user=True, stakeholder=True),
    "no_role": Reader(),
    "public": Reader(),
}
STAFF = {"secretariat", "officer"}
STATES = {"focal_point", "expert", "contributor", "observer"}
EVERYONE = set(PERSONAS)

# (issued, restricted, has a published version) → who sees the document
SEES = {
    (False, False, False): STAFF,
    (False, False, True): STAFF,
    (False, True, False): STAFF,
    (False, True, True): STAFF,
    (True, False, False): STAFF | STATES,  # issued to the working groups: States parties see it (P 43)
    (True, False, True): EVERYONE,  # a published, unrestricted version is public
    (True, True, False): STAFF | STATES,
    (True, True, True): STAFF | STATES,  # restricted: never a stakeholder, never the public
}

# (issued, restricted, version status) → who downloads a version whose file is ready
DOWNLOADS = {
    (False, False, VersionStatus.RECEIVED): STAFF,
    (False, False, VersionStatus.PUBLISHED): STAFF,
    (True, False, VersionStatus.RECEIVED): STAFF,
    (True, False, VersionStatus.PUBLISHED): EVERYONE,
    (True, True, VersionStatus.RECEIVED): STAFF,
    (True, True, VersionStatus.PUBLISHED): STAFF | STATES,
    (False, True, VersionStatus.PUBLISHED): STAFF,
}


def document(issued, restricted):
    return SimpleNamespace(issued=issued, restricted=restricted)


@pytest.mark.parametrize("facts", list(SEES))
def test_who_sees_a_document_P43(facts):
    issued, restricted, has_published = facts
    seen = {
        n for n, r in PERSONAS.items() if may_see_document(r, document(issued, restricted), has_published=has_published)
    }
    assert seen == SEES[facts]


@pytest.mark.parametrize("facts", list(DOWNLOADS))
def test_who_downloads_a_language_version(facts):
    issued, restricted, status = facts
    version = SimpleNamespace(document=document(issued, restricted), status=status, has_file=True)
    allowed = {n for n, r in PERSONAS.items() if may_download(r, version)}
    assert allowed == DOWNLOADS[facts]


def test_no_one_downloads_a_version_whose_file_is_not_ready():
    version = SimpleNamespace(document=document(True, False), status=VersionStatus.PUBLISHED, has_file=False)
    assert not any(may_download(r, version) for r in PERSONAS.values())
    assert RenderStatus.READY  # the file is ready only when rendered or uploaded


def test_only_the_secretariat_and_officers_issue_and_track():
    assert {n for n, r in PERSONAS.items() if may_manage(r)} == STAFF
    assert {n for n, r in PERSONAS.items() if may_issue(r, document(False, False))} == STAFF
    assert not any(may_issue(r, document(True, False)) for r in PERSONAS.values())


def test_a_stakeholder_never_sees_restricted_material_whatever_else_they_hold():
    for r in (
        Reader(stakeholder=True),
        Reader(stakeholder=True, state_user=True),
        Reader(stakeholder=True, staff=True),
    ):
        for has_published in (False, True):
            assert not may_see_document(r, document(True, True), has_published=has_published)
        version = SimpleNamespace(document=document(True, True), status=VersionStatus.PUBLISHED, has_file=True)
        assert not may_download(r, version)


@pytest.mark.django_db
def test_the_library_query_agrees_with_the_rule(people, secretariat):
    """selectors.visible_documents is the same rule as may_see_document, on stored rows."""
    from documents import selectors, services
    from documents.models import Document
    from documents.permissions import reader
    from tests.documents.conftest import typed

    made = []
    for restricted in (False, True):
        for published in (False, True):
            d = services.track_translations(
                source=typed(f"R{restricted} P{published}", restricted=restricted), by=secretariat
            )
            made.append(d)
            if published:
                d.versions.filter(language="en").update(
                    status=VersionStatus.PUBLISHED, render_status=RenderStatus.READY
                )
            d2 = services.track_translations(
                source=typed(f"issued R{restricted} P{published}", restricted=restricted), by=secretariat
            )
            services.issue(document=d2, by=secretariat)
            if published:
                d2.versions.filter(language="en").update(status=VersionStatus.PUBLISHED)
    from django.contrib.auth.models import AnonymousUser

    for name, user in [*people.items(), ("public", AnonymousUser())]:
        r = reader(user)
        listed = set(selectors.visible_documents(r).values_list("pk", flat=True))
        expected = {
            d.pk
            for d in selectors.visible_documents(reader(secretariat))
            if may_see_document(r, Document.objects.get(pk=d.pk), has_published=d.has_published)
        }
        assert listed == expected, name
