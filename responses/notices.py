"""What a State's response tells whom (P 17, P 22, P 19, P 32), through the portal's notices.

As in reviews.notices: a service calls `announce(EVENT, pk)` inside its transaction; once it
commits, the task `responses.tasks.tell` records one notice per user concerned, e-mailed in the
response's working language, once. Only users whom `responses.permissions` let see what the
notice points to are told, never the user who did it, and nothing of the answers goes in it.
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from lots import selectors as lots
from sherloc.accounts.selectors import focal_point_users
from sherloc.notifications import selectors as notice_selectors
from sherloc.notifications.enums import NoticeKind
from sherloc.notifications.refs import review_ref
from sherloc.notifications.services import notify_review

from . import permissions
from .models import Response, Section, Snapshot

SECTION_ASSIGNED = "section_assigned"
SUBMITTED = "submitted"
REOPENED = "reopened"


def announce(event: str, pk: int, *, by=None, users=()) -> None:
    """Tell whom it concerns once the caller's transaction commits (nothing if it rolls back)."""
    from .tasks import tell

    by_id = getattr(by, "pk", by)
    user_ids = sorted(getattr(u, "pk", u) for u in users)
    # robust: the write has committed; a broker outage must not turn it into an error page
    transaction.on_commit(lambda: tell.delay(event, pk, by_id, user_ids), robust=True)


def tell(event: str, pk: int, *, by: int | None = None, users: list[int] | None = None) -> int:
    """Record the notices of one event; returns how many users are told. Running it again for
    the same event records nothing new (each notice is unique per event and recipient)."""
    return EVENTS[event](pk, by, users or [])


def _tell(response: Response, told, *, kind: str, event: str, link, **params) -> int:
    return notify_review(
        recipients=told,
        kind=kind,
        event=event,
        state=response.state,
        phase=response.phase,
        language=response.language,
        link=link,
        **params,
    )


def _section_assigned(pk: int, by, users: list[int]) -> int:
    """P 22: the contributors and experts newly given a section (told once per section)."""
    section = (
        Section.objects.select_related("response__state", "response__phase", "questionnaire__instrument")
        .filter(pk=pk)
        .first()
    )
    if section is None:
        return 0
    people = get_user_model().objects.filter(pk__in=users, is_active=True).exclude(pk=by)
    told = [u for u in people if permissions.can_draft(u, section)]
    return _tell(
        section.response,
        told,
        kind=NoticeKind.SECTION_ASSIGNED,
        event=f"section:{pk}:assigned",
        link=("responses:section", [section.response_id, section.pk]),
        section=section.questionnaire.instrument.short_name,
    )


def _readers(response: Response, exclude: int | None) -> list:
    """P 17, P 32: the focal points of the State and of its reviewing States, and the secretariat
    following its review, who may read the submission."""
    states = {response.state_id, *lots.reviewers_of(response.state_id)}
    candidates = set(focal_point_users(states))
    candidates |= set(notice_selectors.followers(review_ref(response.state_id, response.phase_id)))
    return [u for u in candidates if u.pk != exclude and permissions.can_view_submissions(u, response)]


def _snapshot(pk: int) -> Snapshot | None:
    return Snapshot.objects.select_related("response__state", "response__phase").filter(pk=pk).first()


def _submitted(pk: int, by, users) -> int:
    """P 19: a submission through the module."""
    snapshot = _snapshot(pk)
    if snapshot is None:
        return 0
    response = snapshot.response
    return _tell(
        response,
        _readers(response, snapshot.submitted_by_id),
        kind=NoticeKind.RESPONSE_SUBMITTED,
        event=f"snapshot:{pk}:submitted",
        link=("responses:detail", [response.pk]),
    )


def _reopened(pk: int, by, users) -> int:
    """The secretariat reopened a submission on the State's request."""
    snapshot = _snapshot(pk)
    if snapshot is None or snapshot.reopened_at is None:
        return 0
    response = snapshot.response
    return _tell(
        response,
        _readers(response, snapshot.reopened_by_id),
        kind=NoticeKind.RESPONSE_REOPENED,
        event=f"snapshot:{pk}:reopened",
        link=("responses:detail", [response.pk]),
    )


EVENTS = {SECTION_ASSIGNED: _section_assigned, SUBMITTED: _submitted, REOPENED: _reopened}
