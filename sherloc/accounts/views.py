from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_ip_address, get_lockout_response
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token

from sherloc.registry.models import State
from sherloc.web.redirects import safe_next

from . import permissions, selectors, services, tasks
from .forms import ActivationForm, CodeForm, NewLinkForm, NominationForm, SignInForm


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        # malformed input (a user name longer than any, a missing field) is a 400; a wrong password stays a 200
        if any(field != NON_FIELD_ERRORS for field in form.errors):
            response.status_code = 400
        return response


def sign_out(request):
    if request.method == "POST":
        logout(request)
        messages.info(request, _("You are signed out."))
        return redirect("portal:home")
    return render(request, "accounts/logout.html")


@login_required
def verify(request):
    """Second step of sign-in: a code from the app or a backup code."""
    user = request.user
    if user.is_verified():
        return redirect("portal:home")
    if not user.totpdevice_set.filter(confirmed=True).exists():
        return redirect("accounts:enrol")
    credentials = {"username": user.username}
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        # the code step counts towards the same lock-out as the password step
        if AxesProxyHandler.is_locked(request, credentials):
            logout(request)
            return get_lockout_response(request, credentials)
        if form.is_valid():
            device = match_token(user, form.cleaned_data["token"])
            if device is not None:
                otp_login(request, device)
                AxesProxyHandler.reset_attempts(username=user.username, ip_address=request.axes_ip_address)
                # never off to another site, and never a server error for a "next" that is not a path
                return redirect(safe_next(request, request.GET.get("next"), settings.LOGIN_REDIRECT_URL))
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            if AxesProxyHandler.is_locked(request, credentials):
                logout(request)
                return get_lockout_response(request, credentials)
            form.add_error("token", _("That code is not valid. Try the current code, or a backup code."))
    return render(request, "accounts/verify.html", {"form": form})


@login_required
def enrol(request):
    """First sign-in: pair an authenticator app (QR code), confirm it, receive backup codes."""
    user = request.user
    if user.totpdevice_set.filter(confirmed=True).exists():
        return redirect("accounts:verify" if not user.is_verified() else "portal:home")
    device = services.pending_totp_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.confirm_totp_device(device=device, token=form.cleaned_data["token"])
        except services.AccountError as error:
            form.add_error("token", str(error))
        else:
            otp_login(request, device)
            # a complete first sign-in, as after the code step
            AxesProxyHandler.reset_attempts(username=user.username, ip_address=get_client_ip_address(request))
            return render(request, "accounts/backup_codes.html", {"codes": codes, "first_time": True})
    import base64

    import segno

    qr = segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#111", light="#fff")
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(request, "accounts/enrol.html", {"form": form, "qr": qr, "secret": secret})


@login_required
@require_POST
def regenerate_backup_codes(request):
    codes = services.new_backup_codes(user=request.user)
    return render(request, "accounts/backup_codes.html", {"codes": codes, "first_time": False})


@login_required
def profile(request):
    memberships = request.user.memberships.active().select_related("state", "organisation", "instrument")
    return render(request, "accounts/profile.html", {"memberships": memberships})


def activate(request, token):
    link = services.activation_link_for(token)
    if link is None or not link.usable:
        return render(
            request,
            "accounts/activation_expired.html",
            {"form": NewLinkForm(), "days": settings.ACTIVATION_LINK_DAYS},
            status=410,
        )
    form = ActivationForm(link.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.activate_account(token=token, password=form.cleaned_data["new_password1"])
        except services.AccountError as error:
            messages.error(request, str(error))
            return redirect("accounts:new_link")
        messages.success(request, _("Your password is set. Sign in, then pair your authenticator app."))
        return redirect("accounts:login")
    return render(request, "accounts/activate.html", {"form": form, "nominee": link.user})


def new_link(request):
    form = NewLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        renewed = services.renew_activation_link(email=form.cleaned_data["email"])
        if renewed is not None:
            user, token = renewed
            url = request.build_absolute_uri(reverse("accounts:activate", args=[token]))
            transaction.on_commit(lambda: tasks.send_activation_email.delay(user.pk, url))
        # the same answer either way: the page never tells whether an address is registered
        messages.info(
            request, _("If this address belongs to a nominee who has not activated yet, a new link is on its way.")
        )
        return redirect("accounts:login")
    return render(request, "accounts/new_link.html", {"form": form})


@login_required
def nominate(request):
    if not permissions.can_register_nominations(request.user):
        raise Http404
    form = NominationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            nomination, token = services.register_nomination(
                state=data["state"],
                role=data["role"],
                instrument=data["instrument"],
                full_name=data["full_name"],
                email=data["email"],
                note_verbale_reference=data["note_verbale_reference"],
                note_verbale_date=data["note_verbale_date"],
                note_verbale_scan=data["note_verbale_scan"],
                registered_by=request.user,
            )
        except services.AccountError as error:
            form.add_error(None, str(error))
        else:
            if token:
                url = request.build_absolute_uri(reverse("accounts:activate", args=[token]))
                transaction.on_commit(lambda: tasks.send_activation_email.delay(nomination.user_id, url))
            messages.success(
                request, _("%(name)s is registered; the activation link is sent.") % {"name": nomination.full_name}
            )
            return redirect("accounts:nominate")
    from .models import Nomination

    recent = Nomination.objects.select_related("state", "instrument").order_by("-registered_at")[:20]
    return render(request, "accounts/nominate.html", {"form": form, "recent": recent})


@login_required
def directory(request):
    if not permissions.can_view_directory(request.user):
        raise Http404
    state = None
    if request.GET.get("state"):
        state = State.objects.filter(code=request.GET["state"]).first()
    entries = selectors.directory(state)
    states = State.objects.filter(memberships__active=True).distinct().order_by("name")
    return render(request, "accounts/directory.html", {"entries": entries, "states": states, "selected": state})
