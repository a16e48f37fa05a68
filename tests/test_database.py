"""The portal's PostgreSQL role (sherloc/database.py) cannot rewrite the archive; the owner's
TRUNCATE is refused by a trigger. PostgreSQL only: on SQLite there are no roles."""

import io
import secrets
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from sherloc.database import ARCHIVE_TABLES, as_owner, grant_portal_role
from tests.responses.conftest import phase, questionnaires, response  # noqa: F401
from tests.reviews.conftest import people, phase1, review  # noqa: F401

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="roles exist on PostgreSQL only")


@pytest.fixture
def reference_data(transactional_db):
    """A transactional test starts from tables emptied by the one before: load the reference data again."""
    from sherloc.registry.models import State

    if not State.objects.exists():
        call_command("load_reference", stdout=io.StringIO())


@pytest.fixture(scope="session")
def portal_role(django_db_setup, django_db_blocker):
    """A portal role for the test database, made and granted by the real code, committed so that a
    second connection sees it; dropped at the end (roles belong to the whole cluster)."""
    from psycopg import sql

    name = f"{connection.settings_dict['NAME']}_portal"[:63]
    password = secrets.token_urlsafe(16)
    with django_db_blocker.unblock():
        grant_portal_role(connection, role=name, password=password)
    yield name, password
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(name)).as_string(connection.connection))
        cursor.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(name)).as_string(connection.connection))


@pytest.fixture
def as_portal(portal_role):
    """A second connection to the test database, as the portal's role, in autocommit."""
    import psycopg

    name, password = portal_role
    params = connection.settings_dict
    with psycopg.connect(
        host=params["HOST"] or None,
        port=params["PORT"] or None,
        dbname=params["NAME"],
        user=name,
        password=password,
        autocommit=True,
        options="-c lock_timeout=2000",
    ) as conn:
        yield conn


def refused(conn, statement) -> str:
    import psycopg

    with pytest.raises(psycopg.errors.InsufficientPrivilege) as error:
        conn.execute(statement)
    return str(error.value)


ARCHIVE = list(ARCHIVE_TABLES)


def test_the_portal_role_is_no_superuser_and_owns_nothing(as_portal, portal_role):
    row = as_portal.execute(
        "SELECT rolsuper, rolcreaterole, rolcreatedb, rolbypassrls,"
        " (SELECT count(*) FROM pg_class WHERE relowner = r.oid) FROM pg_roles r WHERE rolname = current_user"
    ).fetchone()
    assert row == (False, False, False, False, 0)


@pytest.mark.parametrize("table", ARCHIVE)
def test_the_portal_role_cannot_truncate_the_archive_hole_7(as_portal, table):
    """Issue 10, hole 7: connected as the owner, the portal could TRUNCATE the archive."""
    assert "permission denied" in refused(as_portal, f"TRUNCATE {table} CASCADE")


@pytest.mark.parametrize("table", ARCHIVE)
def test_the_portal_role_cannot_disable_the_archives_triggers_hole_7(as_portal, table):
    """Issue 10, hole 7: the owner can ALTER TABLE … DISABLE TRIGGER; the portal's role owns no table."""
    assert "must be owner" in refused(as_portal, f"ALTER TABLE {table} DISABLE TRIGGER ALL")


def test_the_portal_role_cannot_switch_triggers_off_as_a_replica_hole_7(as_portal):
    """Issue 10, hole 7: session_replication_role = replica skips every trigger; only a superuser may set it."""
    assert "permission denied to set parameter" in refused(as_portal, "SET session_replication_role = replica")


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE reviews_message SET body = 'rewritten'",
        "DELETE FROM reviews_message",
        "UPDATE reviews_attachment SET sha256 = ''",
        "DELETE FROM reviews_attachment",
        "UPDATE responses_snapshot SET content = '{}'",
        "UPDATE responses_snapshot SET sha256 = ''",
        "DELETE FROM responses_snapshot",
    ],
)
def test_the_portal_role_cannot_update_or_delete_the_archive_hole_7(as_portal, statement):
    """Issue 10, hole 7: messages, their attachments and submissions are read and added to, never rewritten."""
    assert "permission denied" in refused(as_portal, statement)


def test_the_portal_role_reads_and_adds_to_the_archive_and_works_the_rest(as_portal):
    privileges = as_portal.execute(
        "SELECT has_table_privilege('reviews_message', 'SELECT, INSERT'),"
        " has_table_privilege('responses_snapshot', 'SELECT, INSERT'),"
        " has_column_privilege('responses_snapshot', 'pdf', 'UPDATE'),"
        " has_column_privilege('responses_snapshot', 'reopened_at', 'UPDATE'),"
        " has_table_privilege('responses_answer', 'SELECT, INSERT, UPDATE, DELETE'),"
        " has_table_privilege('django_session', 'SELECT, INSERT, UPDATE, DELETE'),"
        " has_table_privilege('responses_answer', 'TRUNCATE'),"
        " has_table_privilege('responses_answer', 'TRIGGER')"
    ).fetchone()
    assert privileges == (True, True, True, True, True, True, False, False)


@pytest.mark.parametrize("table", ARCHIVE)
def test_the_owner_cannot_truncate_the_archive_either_hole_7(db, table):
    """Issue 10, hole 7: a BEFORE TRUNCATE trigger refuses it to the owner (TRUNCATE fires no row trigger)."""
    with (
        pytest.raises(IntegrityError, match="is refused"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"TRUNCATE {table} CASCADE")


def test_granting_twice_changes_nothing_and_the_owner_is_refused_as_portal_role(db, portal_role):
    name, password = portal_role
    out = io.StringIO()
    call_command("grant_portal_role", role=name, password=password, stdout=out)
    call_command("grant_portal_role", role=name, password=password, stdout=out)
    assert out.getvalue().count(f"role {name}: reads and writes the tables") == 2
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="must not connect as .*, who owns the tables"):
        call_command("grant_portal_role", role=connection.settings_dict["USER"] or "postgres", stdout=out)


@pytest.mark.django_db(transaction=True)
def test_the_portal_works_as_its_role_and_migrate_runs_as_the_owner(
    portal_role,
    reference_data,
    review,  # noqa: F811
    people,  # noqa: F811
    response,  # noqa: F811
    settings,
):
    """The whole way of a file and a submission, connected as the portal's role: what the role is
    refused, the portal never needs. `migrate` connects as the owner and grants the role again."""
    from responses import services as response_services
    from responses.documents import ensure_pdf
    from reviews import services as review_services
    from reviews.enums import ReviewStatus
    from tests.responses.conftest import answer_everything, question
    from tests.reviews.conftest import advance

    name, password = portal_role
    owner = {key: connection.settings_dict[key] for key in ("USER", "PASSWORD")}
    settings.MIGRATE_DATABASE = {**connection.settings_dict, **owner}
    connection.close()
    connection.settings_dict.update(USER=name, PASSWORD=password)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user")
            assert cursor.fetchone() == (name,)
        alice = people["alice"]
        attachment = response_services.add_attachment(
            response=response,
            question=question(response, "t-5-files"),
            upload=SimpleUploadedFile("case.pdf", b"%PDF-1.4 case"),
            by=alice,
        )
        response_services.remove_attachment(attachment=attachment, by=alice)
        answer_everything(response, alice)
        snapshot = response_services.submit(response=response, by=alice)
        ensure_pdf(snapshot)
        response_services.reopen(response=response, by=people["sam"], request_reference="NV/2026/2")
        thread = review_services.general_thread(advance(review, people, ReviewStatus.DIALOGUE))
        message, created = review_services.post_message(
            thread,
            by=people["bob"],
            body="Minutes attached",
            idempotency_key=uuid.uuid4(),
            files=[SimpleUploadedFile("minutes.txt", b"Minutes")],
        )
        assert created and message.attachments.get().name == "minutes.txt"
        review_services.mark_read(thread, user=alice, up_to=message.pk)

        with as_owner() as owner_connection, owner_connection.cursor() as cursor:
            cursor.execute("SELECT current_user")
            assert cursor.fetchone() == (owner["USER"],)
        call_command("migrate", verbosity=0, interactive=False)
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user, has_table_privilege('reviews_message', 'UPDATE')")
            assert cursor.fetchone() == (name, False)
    finally:
        connection.close()
        connection.settings_dict.update(owner)
