"""The demo world's contract, the six languages, and the registry pages."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from sherloc.accounts import selectors
from sherloc.accounts.enums import Role
from sherloc.registry.i18n import sort_key
from sherloc.registry.models import State, TreatyStatus
from tests.conftest import totp_now, verified_client

pytestmark = pytest.mark.django_db

DEMO = ["aut", "bra", "fra", "idn", "jpn", "mex", "nga", "pol", "rou", "zaf"]


def test_seed_demo_refused_with_debug_off():
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not get_user_model().objects.filter(username="secretariat-1").exists()


@override_settings(DEBUG=True)
def test_seed_demo_creates_the_contracted_users_who_sign_in_with_both_factors(client):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())  # twice: nothing doubles
    users = get_user_model().objects
    expected = {f"{p}-{c}" for c in DEMO for p in ("fp", "expert", "contrib")} | {"secretariat-1", "officer-1", "ngo-1"}
    assert expected <= set(users.values_list("username", flat=True))
    regions = set(State.objects.filter(code__in=[c.upper() for c in DEMO]).values_list("un_regional_group", flat=True))
    assert len(regions) >= 3
    assert users.get(username="fp-aut").memberships.get(active=True).role == Role.FOCAL_POINT
    assert selectors.communications_recipient(State.objects.get(code="CHL")).temporary
    response = client.post(reverse("accounts:login"), {"username": "fp-nga", "password": "demo-pass-2026"})
    assert response.url == reverse("portal:home")
    response = client.post(reverse("accounts:verify"), {"token": totp_now("JBSWY3DPEHPK3PXP")})
    assert response.status_code == 302
    home = client.get(reverse("portal:home"))
    assert "Nigeria" in home.text and "focal point" in home.text.lower()


@pytest.mark.parametrize("language", ["ar", "zh-hans", "en", "fr", "ru", "es"])
def test_sign_in_page_in_each_language(client, language):
    with translation.override(language):
        url = reverse("accounts:login")
        expected = translation.gettext("Sign in")
    response = client.get(url)
    assert f'lang="{language}"' in response.text
    assert f"<h1>{expected}</h1>" in response.text
    if language != "en":
        assert expected != "Sign in", f"'Sign in' is not translated into {language}"


def test_arabic_is_laid_out_right_to_left(client):
    assert 'dir="rtl"' in client.get("/ar/accounts/sign-in/").text
    assert 'dir="ltr"' in client.get("/fr/accounts/sign-in/").text


def test_language_switcher_keeps_the_page(client):
    response = client.post("/i18n/setlang/", {"language": "ru", "next": "/en/accounts/sign-in/"})
    assert response.url == "/ru/accounts/sign-in/"


def test_state_list_is_alphabetical_P3b(client, focal_point):
    response = verified_client(client, focal_point).get(reverse("registry:states"))
    names = [state.name for state, _ in response.context["rows"]]
    assert names == sorted(names, key=sort_key) and len(names) == State.objects.count()


def test_secretariat_records_status_in_the_browser(client, secretariat):
    c = verified_client(client, secretariat)
    tip = TreatyStatus.objects.current().get(state__code="AFG", instrument__code="TIP")
    response = c.post(
        reverse("registry:state", args=["AFG"]),
        {
            "status-instrument": tip.instrument_id,
            "status-status": "party",
            "status-consent_date": "2014-08-14",
            "status-consent_type": "accession",
            "status-as_of": "2014-08-14",
            "status-source": "whatconvention.org/es/ratifications/317",
        },
    )
    assert response.status_code == 302
    current = TreatyStatus.objects.current().get(state__code="AFG", instrument__code="TIP")
    assert (current.status, current.recorded_by, current.source) == (
        "party",
        secretariat,
        "whatconvention.org/es/ratifications/317",
    )


def test_focal_point_cannot_change_status(client, focal_point):
    c = verified_client(client, focal_point)
    before = TreatyStatus.objects.count()
    response = c.post(reverse("registry:state", args=["AUT"]), {"status-instrument": "1", "status-status": "none"})
    assert response.status_code == 404
    assert TreatyStatus.objects.count() == before
    assert c.get(reverse("registry:import")).status_code == 404


def test_registry_pages_need_sign_in(client):
    for name in ["registry:states", "registry:table_one", "registry:workplan"]:
        assert client.get(reverse(name)).url.startswith(reverse("accounts:login"))


def test_secretariat_edits_workplan_and_threshold(client, secretariat):
    from sherloc.registry.models import MechanismSettings, WorkplanPhase

    c = verified_client(client, secretariat)
    page = c.get(reverse("registry:workplan"))
    formset = page.context["formset"]
    data = {"form-TOTAL_FORMS": len(formset.forms), "form-INITIAL_FORMS": len(formset.forms)}
    for i, form in enumerate(formset.forms):
        phase = form.instance
        data.update(
            {
                f"form-{i}-id": phase.pk,
                f"form-{i}-name": phase.name,
                f"form-{i}-cluster": phase.cluster_id or "",
                f"form-{i}-first_year": phase.first_year,
                f"form-{i}-duration_years": 3 if phase.number == 4 else phase.duration_years,
                f"form-{i}-decision_reference": phase.decision_reference,
            }
        )
    settings_form = page.context["settings_form"]
    for name in settings_form.fields:
        data[f"settings-{name}"] = settings_form.initial.get(name)
    data["settings-advancement_threshold_percent"] = 75
    assert c.post(reverse("registry:workplan"), data).status_code == 302
    assert WorkplanPhase.objects.get(number=4).duration_years == 3
    assert MechanismSettings.current().advancement_threshold_percent == 75
