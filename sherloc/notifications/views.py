"""Pages of the notices: the user's list, the delivery choice, following a review (secretariat)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sherloc.registry.models import State, WorkplanPhase
from sherloc.web.redirects import safe_next

from . import permissions, selectors, services
from .forms import FollowForm, PreferenceForm
from .refs import review_ref


@login_required
def notices(request):
    """The user's notices, newest first; those unread until now are marked, and read once shown."""
    items = selectors.notices_for(request.user)
    for notice in items:
        try:
            notice.url = reverse(notice.link_name, args=notice.link_args)
        except NoReverseMatch:
            notice.url = None  # a page that no longer exists: the notice still says what happened
    unread = [n.pk for n in items if n.read_at is None]
    response = render(request, "notifications/list.html", {"notices": items, "new": set(unread)})
    services.mark_read(user=request.user, notice_ids=unread)
    return response


@login_required
def preferences(request):
    form = PreferenceForm(request.POST or None, initial={"delivery": selectors.delivery_of(request.user)})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_delivery(user=request.user, delivery=form.cleaned_data["delivery"])
        except services.NoticeRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your choice is saved."))
            return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@login_required
@require_POST
def follow(request):
    if not permissions.may_follow(request.user):
        raise Http404
    form = FollowForm(request.POST)
    if not form.is_valid():
        raise Http404
    data = form.cleaned_data
    if not (
        State.objects.filter(pk=data["state"]).exists() and WorkplanPhase.objects.filter(pk=data["phase"]).exists()
    ):
        raise Http404
    ref = review_ref(data["state"], data["phase"])
    if data["action"] == "follow":
        services.follow(user=request.user, ref=ref)
        messages.success(request, _("You follow this review: its notices reach you too."))
    else:
        services.unfollow(user=request.user, ref=ref)
        messages.success(request, _("You no longer follow this review."))
    return redirect(safe_next(request, data["next"], "notifications:list"))
