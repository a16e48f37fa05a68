"""Which transactions changed the database, told by the database itself (docs/page-cache.md).

Every table but the few below carries three statement triggers (insert, update, delete) and one for
TRUNCATE. A statement that changed at least one row adds its transaction's id and the table's name to
`pagecache_change`, once per table and transaction. Being written by triggers, this catches what signals
would miss: a bulk `.update()`, `bulk_create`, COPY, raw SQL, a change made in `psql`.

A page remembers the database snapshot it was rendered after and the tables its queries named. The page is
still true while every transaction in `pagecache_change` that has committed since and changed one of those
tables is one that snapshot already saw. A transaction's row becomes visible when the transaction commits,
together with its changes, so no change can slip between the check and the data.
"""

import functools

from django.db import connection, transaction
from psycopg import sql

TRIGGER = "pagecache_change"
FUNCTION = "pagecache_note_change"
# Tables a cached page never shows, written on every request: counting them would make every page stale.
# A page that shows them (the access log's pages) is not cached (docs/page-cache.md).
UNTRACKED = frozenset({"pagecache_change", "pagecache_epoch", "django_session", "audit_accessevent"})

_FUNCTIONS = """
CREATE OR REPLACE FUNCTION pagecache_note_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' OR EXISTS (SELECT 1 FROM changed_rows) THEN
    INSERT INTO pagecache_change VALUES (pg_current_xact_id(), TG_TABLE_NAME) ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
"""
# a new epoch after a flush emptied the table: no page kept before matches it
_EPOCH_IF_MISSING = (
    "INSERT INTO pagecache_epoch VALUES (1, (extract(epoch FROM clock_timestamp()) * 1000)::bigint) "
    "ON CONFLICT DO NOTHING"
)
# (suffix, event, transition table)
_EVENTS = (("i", "INSERT", "NEW"), ("u", "UPDATE", "NEW"), ("d", "DELETE", "OLD"), ("t", "TRUNCATE", None))


def enabled(using=connection) -> bool:
    return using.vendor == "postgresql"


def tracked_tables(cursor) -> list[str]:
    """The ordinary and partitioned tables of the current schema, but the untracked ones."""
    cursor.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY c.relname"
    )
    return [name for (name,) in cursor.fetchall() if name not in UNTRACKED]


def install_triggers(using=connection) -> int:
    """Put the triggers on every tracked table (idempotent; run by the owner of the tables, after `migrate`).
    Returns how many tables carry them."""
    if not enabled(using):
        return 0
    with transaction.atomic(using=using.alias), using.cursor() as cursor:
        cursor.execute("SELECT to_regclass('pagecache_change') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return 0
        cursor.execute(_EPOCH_IF_MISSING)
        cursor.execute(_FUNCTIONS)
        tables = tracked_tables(cursor)
        cursor.execute(
            "SELECT count(DISTINCT tgrelid) FROM pg_trigger WHERE tgname = %s AND tgrelid = ANY(%s::regclass[])",
            [f"{TRIGGER}_i", tables],
        )
        if cursor.fetchone()[0] == len(tables):
            return len(tables)  # every table has them already (after a test's flush, say)
        for table in tables:
            for suffix, event, transition in _EVENTS:
                referencing = sql.SQL(f"REFERENCING {transition} TABLE AS changed_rows ") if transition else sql.SQL("")
                statement = sql.SQL(
                    "CREATE OR REPLACE TRIGGER {trigger} AFTER {event} ON {table} {referencing}"
                    "FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
                ).format(
                    trigger=sql.Identifier(f"{TRIGGER}_{suffix}"),
                    event=sql.SQL(event),
                    table=sql.Identifier(table),
                    referencing=referencing,
                    function=sql.Identifier(FUNCTION),
                )
                cursor.execute(statement.as_string(cursor.connection))
    return len(tables)


def remove_triggers(using=connection) -> None:
    with using.cursor() as cursor:
        for table in tracked_tables(cursor):
            for suffix, _event, _transition in _EVENTS:
                statement = sql.SQL("DROP TRIGGER IF EXISTS {} ON {}").format(
                    sql.Identifier(f"{TRIGGER}_{suffix}"), sql.Identifier(table)
                )
                cursor.execute(statement.as_string(cursor.connection))
        cursor.execute(
            sql.SQL("DROP FUNCTION IF EXISTS {}()").format(sql.Identifier(FUNCTION)).as_string(cursor.connection)
        )


def install_triggers_after_migrate(sender, using="default", **kwargs):
    from django.db import connections

    if sender.label == "pagecache":  # once per migrate, after every app's tables exist
        install_triggers(connections[using])


def snapshot() -> tuple[str, int | None]:
    """The snapshot a page about to be rendered will see at least, and the current epoch (None: no epoch,
    so nothing may be kept)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_snapshot()::text, (SELECT value FROM pagecache_epoch WHERE id = 1)")
        return cursor.fetchone()


# Nothing committed since the snapshot (of the epoch) changed one of the tables.
_STILL_TRUE = (
    "(SELECT value FROM pagecache_epoch WHERE id = 1) = %s AND NOT EXISTS ("
    "SELECT 1 FROM pagecache_change WHERE txid >= pg_snapshot_xmin(%s::pg_snapshot) "
    "AND relname = ANY(%s::name[]) AND NOT pg_visible_in_snapshot(txid, %s::pg_snapshot))"
)


def still_true_condition(seen: str, epoch: int, tables) -> tuple[str, list]:
    """The SQL condition (text, parameters) that holds while nothing committed since the snapshot `seen`, of
    `epoch`, changed any of `tables` (names of tracked tables: no quoting needed)."""
    # one array literal rather than a list of names: the driver quotes a list item by item
    return _STILL_TRUE, [epoch, seen, "{" + ",".join(sorted(tables)) + "}", seen]


@functools.cache
def _known_tables() -> frozenset[str]:
    """The tables of the portal's models and every tracked table there was when this process first asked,
    but the untracked ones: read once per process."""
    from django.apps import apps

    with connection.cursor() as cursor:
        tracked = set(tracked_tables(cursor))
    models = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
    return frozenset((tracked | models) - UNTRACKED)


def tracked_among(names) -> list[str]:
    """Those of `names` that are tracked tables (a column's name, say, is dropped)."""
    return sorted(set(names) & _known_tables())


def prune() -> int:
    """Forget the transactions every snapshot from now on sees, and move the epoch on, in one transaction:
    the pages cached before no longer match and are rendered again. Returns how many rows went."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM pagecache_change WHERE txid < pg_snapshot_xmin(pg_current_snapshot())")
        removed = cursor.rowcount
        cursor.execute("UPDATE pagecache_epoch SET value = value + 1 WHERE id = 1")
    return removed
