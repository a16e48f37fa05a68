"""Portal-wide guards on every request and response: input the database cannot store is refused
whole with a readable 400, and nothing shown to a signed-in user is kept by a browser or proxy cache."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .errors import RefusedInput

NO_STORE = "no-store, private"


class NoStoreForSignedInMiddleware:
    """Every response to a signed-in user (pages, PDFs, attachments) carries `Cache-Control: no-store, private`:
    confidential material must not stay in a shared proxy or on a ministry's shared computer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # after the view: sign-in replaces request.user, sign-out makes it anonymous
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = NO_STORE
        return response


def _has_nul(values) -> bool:
    return any("\x00" in key or any("\x00" in v for v in items) for key, items in values.lists())


def refused(request, message: str, status: int = 400):
    """The answer to refused input: JSON for the page's scripts, a page otherwise."""
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"ok": False, "problems": [message]}, status=status)
    return render(request, "portal/refused.html", {"message": message}, status=status)


class RefuseHostileInputMiddleware:
    """PostgreSQL refuses NUL (U+0000) in text, so a value or an uploaded file's name containing one would end
    in a server error after part of the work was done. It is refused before any view runs, nothing is stored.

    Views refuse other malformed input (an id that is not a number) by raising RefusedInput, answered here too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # after CsrfViewMiddleware.process_view: a forged post is still a 403, not a 400
        if (
            _has_nul(request.GET)
            or (request.method == "POST" and _has_nul(request.POST))
            or any("\x00" in upload.name for _field, uploads in request.FILES.lists() for upload in uploads)
        ):
            return refused(
                request,
                _("The request contained a NUL character (U+0000), which the portal cannot store. Nothing was saved."),
            )
        return None

    def process_exception(self, request, exception):
        if isinstance(exception, RefusedInput):
            return refused(request, str(exception))
        return None
