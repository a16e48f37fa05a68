"""The kept connection's health check (sherloc/postgresql/base.py): it asks the server nothing, and a connection
the server ended is found unusable, so that the request opens a new one instead of failing."""

import time

import pytest
from django.db import DataError, connection, connections

from sherloc.postgresql.base import DatabaseWrapper

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the portal's PostgreSQL backend")


@pytest.fixture
def kept(db):
    """A second connection to the test database, as a worker keeps one between requests."""
    other = DatabaseWrapper(dict(connection.settings_dict))  # the alias "default", as signal handlers expect
    other.ensure_connection()
    yield other
    other.close()


def last_statement_of(pid: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT query FROM pg_stat_activity WHERE pid = %s", [pid])
        return cursor.fetchone()[0]


def test_the_portal_connects_through_its_own_backend(db):
    assert isinstance(connections["default"], DatabaseWrapper)
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True


def test_a_healthy_kept_connection_is_usable_and_the_check_sends_the_server_nothing(kept):
    with kept.cursor() as cursor:
        cursor.execute("SELECT 'the last statement of the request before'")
    assert kept.is_usable()
    assert kept.is_usable()
    # Django's own check would have sent SELECT 1
    assert last_statement_of(kept.connection.info.backend_pid) == "SELECT 'the last statement of the request before'"


def test_a_connection_the_server_ended_is_unusable_and_the_next_request_opens_a_new_one(kept):
    ended = kept.connection.info.backend_pid
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [ended])
    deadline = time.monotonic() + 10
    while kept.is_usable() and time.monotonic() < deadline:  # the server's notice arrives within milliseconds
        time.sleep(0.01)
    assert not kept.is_usable()
    # what Django does before a request's first query when CONN_HEALTH_CHECKS is on
    kept.health_check_enabled, kept.health_check_done = True, False
    kept.close_if_health_check_failed()
    with kept.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != ended


def test_a_closed_connection_and_one_inside_a_failed_transaction_are_unusable(kept):
    kept.set_autocommit(False)
    with pytest.raises(DataError, match="division by zero"), kept.cursor() as cursor:
        cursor.execute("SELECT 1 / 0")
    assert not kept.is_usable()
    kept.rollback()
    kept.set_autocommit(True)
    assert kept.is_usable()
    kept.connection.close()
    assert not kept.is_usable()
