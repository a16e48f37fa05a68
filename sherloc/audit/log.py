"""Writing the access log: one INSERT per event, nothing read first (docs/access-log.md)."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import connection
from django.utils import timezone

from sherloc.web.errors import MAX_ID

from .enums import AccessAction
from .models import AccessEvent

USER_AGENT_LENGTH = AccessEvent._meta.get_field("user_agent").max_length
PATH_LENGTH = AccessEvent._meta.get_field("path").max_length
NOTE_LENGTH = AccessEvent._meta.get_field("note").max_length


def _state_id(state) -> int | None:
    if state is None:
        return None
    return state if isinstance(state, int) else state.pk


def _ip(request) -> str | None:
    """The address the request came from, as the server saw it (a proxy's address behind one, unless the
    deployment's proxy sets REMOTE_ADDR)."""
    value = (request.META.get("REMOTE_ADDR") or "").strip()
    return value or None


# the reads a page's rendering logged, kept so that the same page served again from the page cache logs them again
_captured: ContextVar[list | None] = ContextVar("captured_access_events", default=None)
_REPLAYED = ("action", "allowed", "object_type", "object_id", "state_id", "note")


@contextmanager
def capturing():
    """Collect what `record` logs inside the block: a list of the events' facts (no time, no request), for
    `replay`. The rows are written as usual."""
    events: list[dict] = []
    token = _captured.set(events)
    try:
        yield events
    finally:
        _captured.reset(token)


_WHO = ("user_id", "username", "path", "ip", "user_agent")
_COLUMNS = ("at", *_WHO, *_REPLAYED)
_ROW = (
    "(%s::timestamptz, %s::bigint, %s::text, %s::text, %s::inet, %s::text, "
    "%s::text, %s::boolean, %s::text, %s::bigint, %s::bigint, %s::text)"
)


def _who(request) -> dict:
    """Who asked, and from where: the columns every row of the log takes from its request."""
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    values = (
        user.pk if signed_in else None,
        user.get_username() if signed_in else "",
        request.path.replace("\x00", "")[:PATH_LENGTH],
        _ip(request),
        request.headers.get("User-Agent", "").replace("\x00", "")[:USER_AGENT_LENGTH],
    )
    return dict(zip(_WHO, values, strict=True))


def replay(request, events: list[dict], *, only_if: tuple[str, list]) -> bool:
    """Log again, for this request (its user, time, address and browser), the events `capturing` collected,
    if the SQL condition `only_if` (text, parameters) holds: the test and the rows in one statement, so that a
    page is served again only if its reads are logged. Returns whether the condition held. PostgreSQL."""
    condition, condition_params = only_if
    # made on every visit of a kept page: prepared once per connection (sherloc/postgresql/base.py)
    with getattr(connection, "prepared_cursor", connection.cursor)() as cursor:
        if not events:
            # the condition is the caller's constant SQL text (sherloc.pagecache.changes), its values bound
            cursor.execute(f"SELECT {condition}", condition_params)  # nosec B608  # nosemgrep: ci.semgrep.django-raw-sql-built-from-strings
            return bool(cursor.fetchone()[0])
        who = _who(request)
        common = [timezone.now(), *(who[column] for column in _WHO)]
        params = [value for event in events for value in (*common, *(event[field] for field in _REPLAYED))]
        # evaluated once the condition holds: this statement's own transaction commits without waiting for the
        # disk (docs/access-log.md, "Pages seen again")
        commit = "" if settings.ACCESS_LOG_REPLAY_SYNCHRONOUS_COMMIT else _WITHOUT_WAITING_FOR_THE_DISK
        cursor.execute(
            f"INSERT INTO {AccessEvent._meta.db_table} ({', '.join(_COLUMNS)}) "  # nosec B608: names are ours
            f"SELECT * FROM (VALUES {', '.join([_ROW] * len(events))}) AS replayed WHERE {condition}{commit} "
            "RETURNING 1",
            params + condition_params,
        )
        return bool(cursor.fetchall())


_WITHOUT_WAITING_FOR_THE_DISK = " AND set_config('synchronous_commit', 'off', true) IS NOT NULL"


def record(request, *, action, obj=None, state=None, allowed=True, object_type="", object_id=None, note=""):
    """Record who did `action` with `obj` (a model instance, or `object_type` + `object_id`) of the State `state`
    (a State or its id), whether it was allowed, when and from where. Returns the new AccessEvent.

    `action` is an AccessAction. Call it where the permission was decided: after the check for a read that is
    shown, and before raising the 404 for a refusal."""
    if action not in AccessAction.values:
        raise ValueError(f"Unknown access action {action!r}")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = obj.pk if object_id is None else object_id
    if not isinstance(object_id, int) or not 0 < object_id <= MAX_ID:
        object_id = None  # a guessed id beyond any row's (a refusal): the path keeps what was asked
    event = AccessEvent.objects.create(
        at=timezone.now(),
        **_who(request),
        action=action,
        allowed=bool(allowed),
        object_type=object_type[:64],
        object_id=object_id,
        state_id=_state_id(state),
        note=note.replace("\x00", "")[:NOTE_LENGTH],
    )
    captured = _captured.get()
    if captured is not None:
        captured.append({field: getattr(event, field) for field in _REPLAYED})
    return event
