from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp.admin import OTPAdminSite


class PortalAdminSite(OTPAdminSite):
    """The admin for verified staff only, without its own sign-in form.

    The admin's login page checked the password and code itself, outside the portal's lock-out: wrong codes
    there were never counted. Everyone signs in through the portal (password, then code, one lock-out).
    """

    def login(self, request, extra_context=None):
        back = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = reverse("admin:index")
        return redirect_to_login(back, login_url=reverse("accounts:login"))
