"""The access log (docs/access-log.md). Every other app records through `record`; the page cache replays a page's reads (`capturing`, `replay`)."""


def record(request, *, action, obj=None, state=None, allowed=True, object_type="", object_id=None, note=""):
    """Add one row to the access log; see sherloc.audit.log.record."""
    from .log import record as _record

    return _record(
        request,
        action=action,
        obj=obj,
        state=state,
        allowed=allowed,
        object_type=object_type,
        object_id=object_id,
        note=note,
    )


def record_disclosure(request, *, obj=None, state=None, note="", object_type="", object_id=None):
    """A disclosure decision (P 41, P 42, P 36): who released what of which State, and when."""
    from .enums import AccessAction

    return record(
        request,
        action=AccessAction.DISCLOSURE,
        obj=obj,
        state=state,
        allowed=True,
        object_type=object_type,
        object_id=object_id,
        note=note,
    )


def capturing():
    """The reads logged inside the block, collected for `replay` (the page cache, sherloc/pagecache)."""
    from .log import capturing as _capturing

    return _capturing()


def replay(request, events, *, only_if):
    """Log for this request the reads `capturing` collected while the page was first rendered, if the SQL
    condition `only_if` holds; returns whether it did (sherloc.audit.log.replay)."""
    from .log import replay as _replay

    return _replay(request, events, only_if=only_if)
