"""Django's PostgreSQL backend, with a kept connection checked without a round trip to the server, and
prepared statements for the few statements made on every request.

With persistent connections (CONN_MAX_AGE) and CONN_HEALTH_CHECKS, Django checks a kept connection once per
request, before its first query, by sending `SELECT 1` and waiting for the answer. A page served again from the
page cache makes one statement, so that check doubled its round trips to the server.

An idle connection receives nothing unless something is wrong: the server sends no message it was not asked
for (the portal LISTENs to nothing), except the error it sends when it ends the connection (a restart, an
administrator's pg_terminate_backend, idle_session_timeout), and the end of the stream follows. So a kept
connection is usable while the client knows it as healthy and idle and its socket has nothing to read. A
socket with something to read, or any doubt, counts as unusable: Django closes the connection and opens a new
one, which costs a connection set-up and loses nothing. A server that vanished without a word (a cable cut)
is caught by neither check until TCP gives up; the request then fails once and the connection is dropped, as
with Django's own.

Django binds parameters on the client, so the server parses and plans every statement anew. For the page
cache's check (docs/page-cache.md), made on every request for a kept page, planning cost the server more
than running it: `prepared_cursor()` gives a cursor whose statements are bound on the server, prepared and
planned once per connection (psycopg keeps up to 100). No other statement is prepared.
"""

import select
import sys

import psycopg
from django.db.backends.postgresql import base
from psycopg import pq

_READY = frozenset({pq.TransactionStatus.IDLE, pq.TransactionStatus.INTRANS})
_SOMETHING_TO_READ = select.POLLIN | select.POLLPRI | select.POLLERR | select.POLLHUP | select.POLLNVAL


def idle_and_quiet(connection) -> bool:
    """Whether the psycopg `connection` is open, healthy, idle, and its socket has nothing to read."""
    if connection is None or connection.closed or connection.broken:
        return False
    pgconn = connection.pgconn
    if pgconn.status != pq.ConnStatus.OK or pgconn.transaction_status not in _READY:
        return False
    try:
        poll = select.poll()
        poll.register(pgconn.socket, _SOMETHING_TO_READ)
        return not poll.poll(0)
    except (OSError, ValueError, TypeError):  # a broken connection's socket raises psycopg's error: the caller's
        return False


class _PreparedCursor(psycopg.Cursor):
    """Parameters bound on the server, the statement prepared the first time this connection runs it."""

    def execute(self, query, params=None, **kwargs):
        return super().execute(query, params, prepare=True, **kwargs)


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self):
        try:
            return idle_and_quiet(self.connection)
        except base.Database.Error:
            return False

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        if connection.prepare_threshold is None:  # Django's default: psycopg would prepare nothing at all
            connection.prepare_threshold = sys.maxsize  # so only what asks for it, `prepared_cursor`'s
        return connection

    def get_connection_params(self):
        params = super().get_connection_params()
        # a prepared statement is planned once, not for each of its first five runs (they are ours alone)
        params["options"] = f"{params.get('options', '')} -c plan_cache_mode=force_generic_plan".strip()
        return params

    def prepared_cursor(self):
        """A cursor, as `cursor()` gives (execute wrappers, errors, the query log), whose statements are
        prepared on the server once per connection. Placeholders are %s; give each a cast where its type is
        not plain (`%s::inet`)."""
        self.close_if_health_check_failed()
        self.ensure_connection()
        with self.wrap_database_errors:
            return self._prepare_cursor(_PreparedCursor(self.connection))
