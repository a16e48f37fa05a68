"""The portal's own error pages (issue 14): a 404 that says the same for missing and forbidden, a 500 that says
nothing saved is lost — never Django's pages."""

import pytest
from django.test import override_settings
from django.urls import path

from tests.conftest import verified_client


def boom(request):
    raise RuntimeError("a fault in a view")


urlpatterns = [path("boom/", boom)]


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_a_missing_or_forbidden_page_answers_with_the_portals_own_404(client, focal_point):
    signed_in = verified_client(client, focal_point)
    for url in ["/en/no-such-page/", "/en/reviews/999999/"]:
        answer = signed_in.get(url)
        body = answer.content.decode()
        assert answer.status_code == 404
        assert "Page not found" in body and "SHERLOC" in body and "Not Found</h1>" not in body


@pytest.mark.django_db
@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_a_server_error_answers_with_the_portals_own_500(client):
    client.raise_request_exception = False
    answer = client.get("/boom/")
    assert answer.status_code == 500
    assert "Something went wrong" in answer.content.decode() and "Server Error (500)" not in answer.content.decode()


@pytest.mark.django_db
def test_the_admin_opens_to_the_secretariat_with_two_factors_and_to_no_one_else(client, secretariat, focal_point):
    from django.test import Client

    assert verified_client(client, secretariat).get("/en/admin/").status_code == 200
    assert "SHERLOC review module — administration" in client.get("/en/admin/").content.decode()
    unverified = Client()
    unverified.force_login(secretariat)  # a password without the code
    assert unverified.get("/en/admin/").status_code == 302
    assert verified_client(Client(), focal_point).get("/en/admin/").status_code == 302
