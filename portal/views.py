from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from responses.selectors import drafting_for
from reviews.selectors import unread_message_count
from sherloc.accounts import selectors as account_selectors
from sherloc.notifications.selectors import unread_count
from stakeholders.selectors import home_for as stakeholder_home


def home(request):
    context = {}
    if request.user.is_authenticated and request.user.is_verified():
        memberships = request.user.memberships.active().select_related("state", "organisation", "instrument")
        states = account_selectors.states_of(request.user)
        context.update(
            memberships=memberships,
            recipients=[(s, account_selectors.communications_recipient(s)) for s in states],
            drafting=drafting_for(request.user),
            unread_notices=unread_count(request.user),
            unread_messages=unread_message_count(request.user),
            stakeholder=stakeholder_home(request.user),
        )
    return render(request, "portal/home.html", context)


@require_GET
def healthz(request):
    """The portal answers: for a load balancer's health check, and the anonymous ceiling of benchmarks/load.py."""
    return HttpResponse("ok\n", content_type="text/plain")


@require_GET
@login_required
def signed_in(request):
    """A signed-in user with a verified second factor is recognised: what every signed-in page pays before
    its own work (the signed-in ceiling of benchmarks/load.py). Shows nothing but the user's own name."""
    return HttpResponse(f"ok {request.user.get_username()}\n", content_type="text/plain")
