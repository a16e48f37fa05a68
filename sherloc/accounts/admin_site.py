from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminSite

from .permissions import is_secretariat


class PortalAdminSite(OTPAdminSite):
    """The admin for verified staff only, without its own sign-in form.

    The admin's login page checked the password and code itself, outside the portal's lock-out: wrong codes
    there were never counted. Everyone signs in through the portal (password, then code, one lock-out).
    It opens to the secretariat (and superusers) once the second factor is verified; each page shows only the
    tables the user's group may read or change.
    """

    site_header = _("SHERLOC review module — administration")
    site_title = _("SHERLOC administration")
    index_title = _("Registry, people and settings")
    site_url = "/"

    def has_permission(self, request):
        user = request.user
        if not (user.is_active and user.is_authenticated and user.is_verified()):
            return False
        return user.is_superuser or user.is_staff or is_secretariat(user)

    def login(self, request, extra_context=None):
        back = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = reverse("admin:index")
        return redirect_to_login(back, login_url=reverse("accounts:login"))
