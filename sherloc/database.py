"""Two PostgreSQL roles (docs/files.md): the owner runs the migrations; the portal's owns nothing.

The portal connects (DATABASE_URL) as a role that is not superuser and owns no table, so it can
neither TRUNCATE, nor ALTER a table (to disable the archive's triggers), nor set
`session_replication_role`. It reads and writes the tables, except the archive: the dialogue's
messages and attachments, and the submissions, which it may only read and add to — of a
submission it may change only the PDF made from it and the record of its reopening.
`manage.py migrate` connects as the owner (MIGRATE_DATABASE_URL) and then grants the portal role
again, so new tables are covered. On SQLite there is one connection and no roles.
"""

from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

# table: the columns the portal may still UPDATE (none: read and add only)
ARCHIVE_TABLES: dict[str, tuple[str, ...]] = {
    "reviews_message": (),
    "reviews_attachment": (),
    "responses_snapshot": ("pdf", "pdf_sha256", "reopened_at", "reopened_by_id", "reopen_request"),
    # the access log and the change history written by triggers (docs/access-log.md)
    "audit_accessevent": (),
    "audit_userobjectpermissionevent": (),
    "audit_groupobjectpermissionevent": (),
    "audit_usergroupevent": (),
    "accounts_membershipevent": (),
    "responses_snapshotevent": (),
    "reviews_deadlineevent": (),
    "reviews_timeframeproposalevent": (),
    "reviews_timeframeconfirmationevent": (),
}
_CREDENTIALS = ("NAME", "USER", "PASSWORD", "HOST", "PORT")


class RoleRefused(Exception):
    """The roles are not set up as the portal needs; the message says what to change."""


@contextmanager
def as_owner(alias: str = DEFAULT_DB_ALIAS):
    """The connection `alias`, connected as the tables' owner for the duration (MIGRATE_DATABASE_URL)."""
    connection = connections[alias]
    owner = settings.MIGRATE_DATABASE
    if not owner or connection.vendor != "postgresql":
        yield connection
        return
    if (
        owner.get("ENGINE") != connection.settings_dict["ENGINE"]
        or owner.get("NAME") != connection.settings_dict["NAME"]
    ):
        raise RoleRefused("MIGRATE_DATABASE_URL must name the same PostgreSQL database as DATABASE_URL.")
    saved = {key: connection.settings_dict.get(key) for key in _CREDENTIALS}
    connection.close()
    connection.settings_dict.update({key: owner.get(key, "") for key in _CREDENTIALS})
    try:
        yield connection
    finally:
        connection.close()
        connection.settings_dict.update(saved)


def portal_credentials(alias: str = DEFAULT_DB_ALIAS) -> tuple[str, str]:
    """The user and password the portal connects with (DATABASE_URL)."""
    params = settings.DATABASES[alias]
    return params.get("USER") or "", params.get("PASSWORD") or ""


def grant_portal_role(connection, *, role: str, password: str = "") -> list[str]:
    """Create the portal's role if it is missing and grant it exactly what the portal needs.

    Idempotent: every run revokes what the role holds on the tables and grants it again, so a
    table added by a migration is covered and nothing granted by hand survives. Run as the owner."""
    if connection.vendor != "postgresql":
        return ["SQLite: one connection and no roles; nothing to grant."]
    from psycopg import sql

    done = []
    name = sql.Identifier(role)
    with connection.cursor() as cursor:

        def run(statement: sql.Composable) -> None:
            # DDL takes no bound parameters: names and the password are quoted by psycopg
            cursor.execute(statement.as_string(connection.connection))

        cursor.execute("SELECT current_user, current_database(), current_schema()")
        owner, database, schema = cursor.fetchone()
        if role == owner:
            raise RoleRefused(
                f"The portal must not connect as {owner}, who owns the tables: give DATABASE_URL another role "
                "(e.g. sherloc_app) and MIGRATE_DATABASE_URL the owner."
            )
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role])
        row = cursor.fetchone()
        options = sql.SQL("LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS")
        if password:
            options = sql.SQL("{} PASSWORD {}").format(options, sql.Literal(password))
        if row is None:
            run(sql.SQL("CREATE ROLE {} {}").format(name, options))
            done.append(f"role {role} created")
        elif row[0]:
            raise RoleRefused(f"The role {role} is a superuser: the portal's role must not be.")
        elif password:
            run(sql.SQL("ALTER ROLE {} {}").format(name, options))
        cursor.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = %s", [role]
        )
        if cursor.fetchone()[0]:
            raise RoleRefused(f"The role {role} owns tables: the portal's role must own nothing.")
        run(sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(database), name))
        run(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(sql.Identifier(schema), name))
        run(sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA {} FROM {}").format(sql.Identifier(schema), name))
        run(
            sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {} TO {}").format(
                sql.Identifier(schema), name
            )
        )
        for table, columns in ARCHIVE_TABLES.items():
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [table])
            if not cursor.fetchone()[0]:
                continue
            run(sql.SQL("REVOKE UPDATE, DELETE ON {} FROM {}").format(sql.Identifier(table), name))
            if columns:
                run(
                    sql.SQL("GRANT UPDATE ({}) ON {} TO {}").format(
                        sql.SQL(", ").join(map(sql.Identifier, columns)), sql.Identifier(table), name
                    )
                )
        run(sql.SQL("REVOKE ALL ON ALL SEQUENCES IN SCHEMA {} FROM {}").format(sql.Identifier(schema), name))
        run(sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {} TO {}").format(sql.Identifier(schema), name))
    done.append(
        f"role {role}: reads and writes the tables of {database}, reads and adds to the archive "
        f"({', '.join(ARCHIVE_TABLES)}); owns nothing"
    )
    return done
