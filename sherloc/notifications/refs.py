"""Opaque references to what a notice or a follow is about, built from the registry's keys only.

A country review and a State's questionnaire response are both one per State and review phase
(P 25, P 18), so `reviews` and `responses` name "the review of this State in this phase" alike
without either importing the other, and this app reads nothing of them.
"""

import re

_REVIEW = re.compile(r"^review:(\d+):(\d+)$")


def review_ref(state_id: int, phase_id: int) -> str:
    return f"review:{int(state_id)}:{int(phase_id)}"


def parse_review_ref(ref: str) -> tuple[int, int] | None:
    """(state id, phase id) of a review reference; None for any other reference."""
    match = _REVIEW.match(ref)
    return (int(match[1]), int(match[2])) if match else None
