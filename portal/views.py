from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from documents import selectors as documents
from documents.selectors import HOME_ROWS
from observations.selectors import agreed_lists
from responses import permissions as response_permissions
from responses import selectors as responses
from reviews import selectors as reviews
from sherloc.accounts import selectors as account_selectors
from sherloc.accounts.permissions import is_secretariat
from sherloc.notifications.selectors import unread_count
from sherloc.pagecache.pages import cached_page
from stakeholders import selectors as stakeholders


def _state_work(user) -> dict | None:
    """A focal point's or expert's part: its States' reviews both ways, and what it has to do in them."""
    work = reviews.home_for(user)
    if work is None:
        return None
    reviewed = set(response_permissions.reviewing_state_ids(user))
    shots = responses.latest_submissions((r.state_id, r.phase_id) for r in work["to_read"])
    # a submission is linked only where the user's State reviews the State (P 28: the page then shows
    # only the instruments it covers)
    work["to_read"] = [
        (review, shots[(review.state_id, review.phase_id)])
        for review in work["to_read"]
        if review.state_id in reviewed and (review.state_id, review.phase_id) in shots
    ]
    work["unassigned"] = responses.unassigned_sections(user)
    return work


def _secretariat_work(user, today) -> dict | None:
    if not is_secretariat(user):
        return None
    # at most HOME_ROWS of each, and how many more: the full lists are the responses' and the reviews' pages
    late_deadlines, late_deadlines_more = _first_and_more(reviews.late_deadlines(today))
    late_drafts, late_drafts_more = _first_and_more(responses.late_drafts(today))
    agreed, agreed_more = _first_and_more(documents.without_crp(agreed_lists()))
    return {
        "late_deadlines": late_deadlines,
        "late_deadlines_more": late_deadlines_more,
        "late_drafts": late_drafts,
        "late_drafts_more": late_drafts_more,
        "agreed_lists": agreed,
        "agreed_lists_more": agreed_more,
    }


def _first_and_more(queryset) -> tuple[list, int]:
    shown = list(queryset[:HOME_ROWS])
    return shown, queryset.count() - len(shown)


@cached_page
def home(request):
    context = {}
    user = request.user
    if user.is_authenticated and user.is_verified():
        today = timezone.localdate()
        memberships = user.memberships.active().select_related("state", "organisation", "instrument")
        states = account_selectors.states_of(user)
        context.update(
            today=today,
            memberships=memberships,
            recipients=[(s, account_selectors.communications_recipient(s)) for s in states],
            drafting=responses.drafting_for(user),
            unread_notices=unread_count(user),
            unread_messages=reviews.unread_message_count(user),
            state_work=_state_work(user),
            secretariat_work=_secretariat_work(user, today),
            meetings_work=stakeholders.waiting_for_secretariat(user),
            documents_work=documents.work_for(user),
            stakeholder=stakeholders.home_for(user),
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
