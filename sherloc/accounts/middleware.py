"""No page but enrolment and sign-out without a verified second factor (django-otp)."""

from django.shortcuts import redirect
from django.urls import reverse

OPEN_PREFIXES = ("/static/", "/i18n/", "/favicon")
OPEN_URL_NAMES = {"accounts:verify", "accounts:enrol", "accounts:logout"}


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
