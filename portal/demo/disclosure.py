"""Disclosure in the demo world (called by `seed_demo` after the country reviews), through the services:
the first demo State with a submission releases it to every State party (P 41) and makes one section public
(P 42); an unrelated demo State's focal point asks for its dialogue and waits for the answer (P 41)."""

from disclosure import services
from disclosure.enums import Audience, Material
from disclosure.models import Disclosure
from sherloc.accounts.enums import Role
from sherloc.accounts.models import Membership

DEMO_STATES = ["AUT", "BRA", "FRA", "IDN", "JPN", "MEX", "NGA", "POL", "ROU", "ZAF"]


def seed_disclosure_demo(*, submissions, parties_of) -> str:
    """`submissions`: (state, phase, first section's code and name) of submitted responses, alphabetical;
    `parties_of(state, phase)`: the ids of the States party to that review."""
    if Disclosure.objects.exists() or not submissions:
        return "disclosure: already seeded or nothing submitted"
    state, phase, section = submissions[0]
    focal_points = {
        m.state.code: m.user
        for m in Membership.objects.active()
        .filter(role=Role.FOCAL_POINT, state__code__in=DEMO_STATES)
        .select_related("state", "user")
    }
    owner = focal_points.get(state.code)
    if owner is None:
        return "disclosure: no focal point to decide"
    services.disclose(state=state, phase=phase, material=Material.RESPONSES, audience=Audience.STATES_PARTIES, by=owner)
    services.disclose(
        state=state,
        phase=phase,
        material=Material.RESPONSES,
        audience=Audience.PUBLIC,
        parts={section[0]: section[1]},
        by=owner,
    )
    parties = parties_of(state, phase)
    asking = next(
        (
            m
            for code, m in sorted(focal_points.items())
            if m.memberships.get(role=Role.FOCAL_POINT).state_id not in parties
        ),
        None,
    )
    if asking is not None:
        asking_state = asking.memberships.get(role=Role.FOCAL_POINT).state
        services.ask(
            state=state,
            phase=phase,
            material=Material.DIALOGUE,
            requesting_state=asking_state,
            by=asking,
            reason="Our experts prepare our own review and would learn from the dialogue on the same articles.",
        )
    return f"disclosure: {state.code} released its responses and made one section public" + (
        f"; {asking_state.code} asks for its dialogue" if asking is not None else ""
    )
