"""`cached_page`: a signed-in GET page kept, for its user alone, until anything it may show changes
(docs/page-cache.md).

A page is kept under a key made of everything its HTML depends on besides the database: the user, the
session and its CSRF secret, the language, the day, the path with its query, the htmx headers, the code.
With it are kept the snapshot the rendering saw and every table its queries named. It is served again only
while no transaction committed since changed one of those tables, or the user's row or roles (a role
withdrawn, a status moved, a message posted, an answer saved). The reads
the rendering logged are logged again for the request served (sherloc.audit.replay), so the access log
shows every read, cached or not.
"""

import functools
import hashlib
import os
import re
import time
from pathlib import Path

from django import get_version
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.utils import timezone, translation

from sherloc import audit
from sherloc.accounts.middleware import REFRESHED_KEY
from sherloc.web.deferred_checks import ATTRIBUTE, make_pending_checks

from . import changes, nearby

HEADER = "X-Page-Cache"
# the session's own bookkeeping (the idle time-out's renewal, once a minute) and the messages, checked apart
_SESSION_IGNORED = frozenset({REFRESHED_KEY, "_messages"})
# headers a kept page is served with again; the middleware adds the rest on every request
_KEPT_HEADERS = ("Content-Type", "HX-Trigger", "HX-Push-Url", "HX-Redirect", "HX-Refresh")


# who the user is, what they may do and how they signed in, partly read before the view runs (the user and
# device from the cache, the stakeholder check): every page depends on them
ALWAYS_READ = frozenset(
    {
        "accounts_user",
        "accounts_membership",
        "accounts_user_groups",
        "accounts_user_user_permissions",
        "auth_group_permissions",
        "guardian_userobjectpermission",
        "guardian_groupobjectpermission",
        "otp_totp_totpdevice",
        "otp_static_staticdevice",
    }
)
# every name a query mentions that could be a table's (they all have an underscore): a column's name taken
# for a table's costs nothing, since no table of that name ever changes
_NAME = re.compile(r"[a-z][a-z0-9]*_[a-z0-9_]+")
_INSERTED = re.compile(r"\s*insert\s+into\s")


class _TablesNamed:
    """A database execute wrapper: the names of the tables every query of the rendering mentions."""

    def __init__(self):
        self.names = set(ALWAYS_READ)

    def __call__(self, execute, sql, params, many, context):
        for statement in sql.lower().split(";"):
            # an INSERT of values writes its table and reads none (the access log's row of this very read)
            if not _INSERTED.match(statement) or "select" in statement:
                self.names.update(_NAME.findall(statement))
        return execute(sql, params, many, context)


def _code_fingerprint() -> str:
    """Changes when the portal's code, templates or translations change: a page kept by the previous release
    is not served by the next."""
    base = Path(settings.BASE_DIR)
    digest = hashlib.sha256(get_version().encode())
    skip = {".venv", "node_modules", "tmp", ".git", "media", "staticfiles", "__pycache__", "tests", "benchmarks"}
    for root, dirs, files in os.walk(base):
        dirs[:] = sorted(d for d in dirs if d not in skip and not d.startswith("."))
        for name in sorted(files):
            if name.endswith((".py", ".html", ".txt", ".mo")):
                stat = os.stat(os.path.join(root, name))
                digest.update(f"{root}/{name}:{stat.st_mtime_ns}:{stat.st_size}".encode())
    return digest.hexdigest()[:16]


@functools.cache
def _release() -> str:
    return f"{settings.SIGNED_IN_CACHE_VERSION}:{_code_fingerprint()}"


def _seconds() -> int:
    return getattr(settings, "PAGE_CACHE_SECONDS", 0)


def _session_fingerprint(session) -> str:
    items = sorted((k, repr(v)) for k, v in session.items() if k not in _SESSION_IGNORED)
    return hashlib.sha256(repr(items).encode()).hexdigest()


def _key(request, session_fingerprint: str) -> str | None:
    """The page's key, or None when this request's page must not be kept."""
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    csrf_secret = request.META.get("CSRF_COOKIE", "")
    if (
        request.method != "GET"
        or user is None
        or not user.is_authenticated
        or session is None
        or not session.session_key
        # no CSRF cookie yet: the page would hand out a new secret, which the kept copy could not
        or not csrf_secret
        or request.COOKIES.get(settings.CSRF_COOKIE_NAME) != csrf_secret
        or not changes.enabled(connection)
        or connection.in_atomic_block  # a test's transaction, or a caller's: its own writes are not committed
        or len(messages.get_messages(request))  # a message to show once (len does not mark it shown)
    ):
        return None
    parts = (
        _release(),
        str(user.pk),
        session.session_key,
        session_fingerprint,
        csrf_secret,
        translation.get_language() or "",
        timezone.localdate().isoformat(),
        request.get_full_path(),
        request.headers.get("HX-Request", ""),
        request.headers.get("HX-Target", ""),
        "json" if "application/json" in request.headers.get("Accept", "") else "",
    )
    return "page:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _kept_entry(key: str) -> dict | None:
    """The page kept under `key`: from this process's memory, or else from the shared cache (and then kept
    in memory too)."""
    entry = nearby.pages.get(key)
    if entry is None:
        entry = cache.get(key)
        if entry is not None:
            nearby.pages.put(key, entry)
    return entry


def _served_again(request, entry) -> HttpResponse | None:
    """The kept page, if it is still true; its reads are logged again in the same statement."""
    still_true = changes.still_true_condition(entry["seen"], entry["epoch"], entry["tables"])
    if not audit.replay(request, entry["events"], only_if=still_true):
        return None
    response = HttpResponse(entry["content"], status=200)
    for name, value in entry["headers"]:
        response[name] = value
    response[HEADER] = "hit"
    return response


def cached_page(view):
    """Keep the GET page `view` renders for the signed-in user who asked (see the module's text). Any other
    request, and any page that is not a plain 200, goes to the view as if this were not here."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = _seconds()
        session = getattr(request, "session", None)
        before = _session_fingerprint(session) if seconds > 0 and session is not None else ""
        key = _key(request, before) if before else None
        if key is None:
            make_pending_checks(request)
            return view(request, *args, **kwargs)
        entry = _kept_entry(key)
        served = _served_again(request, entry) if entry is not None else None
        if served is not None:
            return served  # the checks deferred to the rendering passed then, and would again
        seen, epoch = changes.snapshot()
        tables = _TablesNamed()
        with audit.capturing() as events, connection.execute_wrapper(tables):
            make_pending_checks(request)  # after the snapshot: a role withdrawn since is a change it has not seen
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        if (
            epoch is not None
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not response.has_header("Content-Disposition")
            and _session_fingerprint(request.session) == before
            and not len(messages.get_messages(request))
        ):
            entry = {
                "seen": seen,
                "epoch": epoch,
                "tables": changes.tracked_among(tables.names),
                "events": events,
                "content": response.content,
                "headers": [(name, response[name]) for name in _KEPT_HEADERS if response.has_header(name)],
                "until": time.time() + seconds,
            }
            cache.set(key, entry, seconds)
            nearby.pages.put(key, entry)
        response[HEADER] = "miss"
        return response

    setattr(wrapper, ATTRIBUTE, True)
    return wrapper
