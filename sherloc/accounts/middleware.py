"""No page but enrolment and sign-out without a verified second factor (django-otp)."""

import time

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from sherloc.web.deferred_checks import check_before_view

from .permissions import is_stakeholder_only

OPEN_PREFIXES = ("/static/", "/i18n/", "/favicon")
OPEN_URL_NAMES = {"accounts:verify", "accounts:enrol", "accounts:logout"}
REFRESHED_KEY = "_idle_refreshed_at"


class RequireTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified() and not request.path.startswith(OPEN_PREFIXES):
            open_paths = {reverse(name) for name in OPEN_URL_NAMES}
            if request.path not in open_paths:
                has_device = user.totpdevice_set.filter(confirmed=True).exists()
                target = "accounts:verify" if has_device else "accounts:enrol"
                return redirect(target)
        return self.get_response(request)


class IdleSessionMiddleware:
    """The idle time-out (SESSION_IDLE_SECONDS) without a session write on every request.

    A signed-in session is saved, and its expiry and cookie renewed to SESSION_IDLE_SECONDS from now,
    when SESSION_REFRESH_SECONDS have passed since it was last saved (or when the request changed it
    anyway): at most one write a minute per user. The expiry is never later than the idle time-out after
    the last request, and at most SESSION_REFRESH_SECONDS earlier. Visitors who never signed in have an
    empty session, left alone. Placed after SessionMiddleware, which saves a modified session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            now = int(time.time())
            due = session.modified or now - session.get(REFRESHED_KEY, 0) >= settings.SESSION_REFRESH_SECONDS
            if due and session.keys() - {REFRESHED_KEY}:  # not a session emptied by signing out
                session[REFRESHED_KEY] = now
        return response


# The apps that hold country review material, and their pages anyone may read (no sign-in needed).
REVIEW_MATERIAL_APPS = {"reviews", "responses", "questionnaires", "lots", "disclosure", "observations"}
# open to anyone, signed in or not: what States made public themselves (P 42) reads the same for a stakeholder
PUBLIC_PAGES = {
    "reviews:public",
    "reviews:shared",
    "reviews:shared_attachment",
    "responses:shared",
    "disclosure:public",
}


class NoReviewMaterialForStakeholdersMiddleware:
    """Stakeholders (NGOs, IGOs, UN entities, non-signatory States) never reach any country review material
    (docs/stakeholders.md): every page of the review apps answers 404 to a user whose only roles are a
    stakeholder's, except the pages that are public anyway. One rule for every present and future view of
    those apps (tests/stakeholders/test_no_review_material.py walks every URL)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.app_name not in REVIEW_MATERIAL_APPS or match.view_name in PUBLIC_PAGES:
            return None
        user = getattr(request, "user", None)
        if user is not None:
            check_before_view(request, view_func, lambda: _refuse_stakeholder(user))
        return None


def _refuse_stakeholder(user) -> None:
    if is_stakeholder_only(user):
        raise Http404
