from django import template

from .. import permissions, selectors
from ..refs import review_ref

register = template.Library()


@register.inclusion_tag("notifications/_follow.html", takes_context=True)
def follow_button(context, *, state_id: int, phase_id: int):
    """The secretariat's Follow / Unfollow button for the review of a State in a phase (P 32)."""
    request = context["request"]
    if not permissions.may_follow(request.user):
        return {"show": False}
    return {
        "show": True,
        "following": selectors.is_following(request.user, review_ref(state_id, phase_id)),
        "state_id": state_id,
        "phase_id": phase_id,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
