"""Who may do what in the follow-up, and when (docs/followup.md). Refusals are 404 in views.

A review's needs and progress reports are the review's confidential material: the State under review,
its reviewing States and the secretariat (observations.permissions.may_view_list). The aggregates of the
Working Group on Technical Assistance and the general report name no State: the secretariat, conference
officers and users of States parties see them; stakeholders and the public do not.
"""

from dataclasses import dataclass

from observations.permissions import Participation, may_view_list
from sherloc.accounts.enums import Role


def may_view_needs(p: Participation, review, lst) -> bool:
    """P 44: the parties to the review and the secretariat, once the list is final. The State's national
    contributors and observers are no parties to the desk review and do not read its list (docs/access-policy.md,
    rows "List of observations, final" and "TA need"), so neither its needs."""
    return lst is not None and lst.is_final and may_view_list(p, review)


def sees_need(p: Participation, need) -> bool:
    """A reviewing State sees the needs of the instruments it reviews (P 28): an additional reviewer
    drawn for some instruments only does not see the others'."""
    if p.whole_review or not p.reviewing:
        return True
    return any(a.instrument.code in p.instruments for a in need.articles.all())


def may_report_need(p: Participation, lst) -> bool:
    """P 44: the State under review, through its focal point, says whether a need was addressed and by whom;
    it also corrects the kind of assistance. The secretariat may correct the kind."""
    return lst is not None and lst.is_final and p.coordinator


def may_classify_need(p: Participation, lst) -> bool:
    return lst is not None and lst.is_final and (p.coordinator or p.secretariat)


def may_request_assistance(p: Participation, need) -> bool:
    """P 45: the State under review's focal point; one request at a time per need."""
    return p.coordinator and not any(not r.is_answered for r in need.requests.all())


def may_report_progress(p: Participation, lst) -> bool:
    """P 46: the State under review, through its focal point, on any observation of a final list."""
    return lst is not None and lst.is_final and p.coordinator


def may_view_progress(p: Participation, review, lst) -> bool:
    """P 46: whoever sees the list's follow-up."""
    return may_view_needs(p, review, lst)


@dataclass(frozen=True)
class Reader:
    secretariat: bool = False
    officer: bool = False
    state_user: bool = False
    stakeholder: bool = False


def reader(user) -> Reader:
    """What a user is for the aggregates, in one query; cached on the user for the request."""
    if not user.is_authenticated:
        return Reader()
    cached = user.__dict__.get("_followup_reader")
    if cached is None:
        roles = set(user.memberships.active().values_list("role", flat=True))
        cached = Reader(
            secretariat=Role.SECRETARIAT in roles,
            officer=Role.CONFERENCE_OFFICER in roles,
            state_user=bool(roles & set(Role.state_roles())),
            stakeholder=Role.STAKEHOLDER in roles,
        )
        user.__dict__["_followup_reader"] = cached
    return cached


def may_view_aggregates(r: Reader) -> bool:
    """P 44, P 18: counts of States only, suppressed below 3: the secretariat, officers, States' users."""
    return r.secretariat or r.officer or r.state_user


def may_generate_report(r: Reader) -> bool:
    """P 18: the secretariat prepares the general report and decides when it is issued as a CRP."""
    return r.secretariat


def may_answer_requests(r: Reader) -> bool:
    """P 45: the secretariat records how a request was answered."""
    return r.secretariat
