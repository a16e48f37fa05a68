"""Walking a list of observations to its final version through the real services (P 37, P 39)."""

from observations import services
from reviews.selectors import articles_in_scope


def item(review, text="Data on cases are not collected nationally.", kind="gap", n=1):
    return {"kind": kind, "text": text, "articles": [a.pk for a in articles_in_scope(review)[:n]]}


def finalise_list(review, people):
    """France's focal point writes a one-item list; Austria, France and Brazil agree through their
    focal points; the last agreement completes the review (P 39, P 9)."""
    version = services.save_list(review=review, items=[item(review)], by=people["bob"])
    for name in ("alice", "bob", "bruno"):
        services.agree_list(review=review, version_number=version.number, by=people[name])
    review.refresh_from_db()
    return review
