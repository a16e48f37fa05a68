"""Stakeholders never reach any country review material (section IX, docs/stakeholders.md): every URL of the
URL configuration is walked as a stakeholder, its parameters filled with the ids of real review objects of a
small world (Austria's review with France and Brazil, its responses, questionnaires, drawing of lots)."""

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter

from reviews.enums import ReviewStatus
from sherloc.accounts.middleware import PUBLIC_PAGES, REVIEW_MATERIAL_APPS
from tests.conftest import verified_client
from tests.responses.conftest import questionnaires  # noqa: F401
from tests.reviews.conftest import people, phase1, review  # noqa: F401


def patterns(resolvers=None, namespace=""):
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from patterns(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry.pattern.converters


def ids_of_review_material(limit=3) -> list[int]:
    ids = set()
    for label in REVIEW_MATERIAL_APPS:
        for model in apps.get_app_config(label).get_models():
            ids.update(model.objects.order_by("pk").values_list("pk", flat=True)[:limit])
    return sorted(i for i in ids if isinstance(i, int))


def string_values(name: str) -> list[str]:
    values = {
        "to": [s.value for s in ReviewStatus],
        "action": ["select", "draw", "confirm", "redraw", "cancel"],
        "instrument": ["UNTOC", "TIP"],
        "cluster": ["criminalization", "x"],
    }
    from questionnaires.models import Question

    values["qid"] = list(Question.objects.values_list("qid", flat=True)[:2]) or ["q1"]
    return values.get(name, ["x"])


def urls_to_walk():
    ids = ids_of_review_material()
    for name, converters in patterns():
        app = name.split(":")[0] if ":" in name else ""
        if app not in REVIEW_MATERIAL_APPS:
            continue
        if not converters:
            yield name, reverse(name)
            continue
        for pk in ids:
            kwargs = {}
            for param, converter in converters.items():
                kwargs[param] = (
                    pk if isinstance(converter, IntConverter) else string_values(param)[pk % len(string_values(param))]
                )
            yield name, reverse(name, kwargs=kwargs)


@pytest.fixture
def world(review, people, stakeholder, client):  # noqa: F811
    """Austria's review in its first stage, and a stakeholder of an NGO with observer status, signed in."""
    from sherloc.accounts.models import Organisation
    from stakeholders.models import StakeholderProfile

    organisation = Organisation.objects.create(name="Observer NGO", kind="ngo")
    StakeholderProfile.objects.create(organisation=organisation, email="ngo@example.org")
    from tests.factories import member

    member(stakeholder, "stakeholder", organisation=organisation)
    return verified_client(client, stakeholder)


def test_section_ix_a_stakeholder_reaches_no_page_of_the_review_apps(world, client):
    walked = 0
    anonymous = type(client)()
    for name, url in urls_to_walk():
        for method in ("get", "post"):
            reply = getattr(world, method)(url)
            walked += 1
            if name in PUBLIC_PAGES:
                assert reply.status_code == getattr(anonymous, method)(url).status_code, url
                continue
            assert reply.status_code == 404, (method, url, reply.status_code)
            assert b"Austria" not in reply.content, url
    assert walked > 200


def test_section_ix_a_stakeholder_sees_no_link_to_review_material(world):
    page = world.get("/en/").content.decode()
    for name in ("lots:index", "questionnaires:index", "responses:index", "reviews:dashboard"):
        assert f'href="{reverse(name)}"' not in page
    assert reverse("stakeholders:index") in page


def test_section_ix_every_other_page_answers_a_stakeholder_without_error(world):
    for name, converters in patterns():
        if converters or name.split(":")[0] in REVIEW_MATERIAL_APPS or name.startswith("admin:"):
            continue
        try:
            url = reverse(name)
        except Exception:  # noqa: BLE001 - a pattern with optional parts
            continue
        assert world.get(url).status_code < 500, url
