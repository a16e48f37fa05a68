"""Checks a middleware makes before a view, made when a cached page is rendered rather than on every request
(docs/page-cache.md).

A kept page is served again only while none of the tables of the user's identity and roles (`ALWAYS_READ` in
sherloc/pagecache/pages.py) changed since it was rendered, and it was rendered only after the checks passed. A
check that reads nothing else, such as "stakeholders reach no review material", would answer the same again,
so it is made when the page is rendered and skipped when the kept copy is served. For any other view it is
made at once.
"""

# set on the view by `cached_page`, and carried by functools.wraps to the decorators around it
ATTRIBUTE = "checks_when_rendered"
_PENDING = "_pagecache_pending_checks"


def check_before_view(request, view_func, check) -> None:
    """Make `check()` (it raises to refuse) before `view_func` runs: now, or, for a cached page, just before
    the page is rendered. `check` must read no table but the user's identity and roles."""
    if getattr(view_func, ATTRIBUTE, False):
        request.__dict__.setdefault(_PENDING, []).append(check)
    else:
        check()


def make_pending_checks(request) -> None:
    for check in request.__dict__.pop(_PENDING, ()):
        check()
