import io
import os

import pytest
from django.core.management import call_command

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses that without this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def reference_data(transactional_db):
    """live_server tests run outside a rolled-back transaction and flush the tables when done."""
    from sherloc.registry.models import State

    if not State.objects.exists():
        call_command("load_reference", stdout=io.StringIO())


@pytest.fixture(scope="session")
def _server_connections_closed_at_the_end(django_db_setup, django_db_blocker):
    """Close the live server's lingering sessions once, before the test database is dropped.

    Doing it after each test could end a session the next test still uses."""
    yield
    with django_db_blocker.unblock():
        _close_server_thread_connections()


@pytest.fixture
def page(live_server, reference_data, _server_connections_closed_at_the_end):
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Browser journeys need Debian's Chromium at {CHROMIUM} (apt-get install chromium).")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page()
        page.base_url = live_server.url
        yield page
        browser.close()


def _close_server_thread_connections():
    """The live server answers each request in a thread of its own; on PostgreSQL a thread still
    parked on a keep-alive socket can hold a session that would block dropping the test database."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "select pg_terminate_backend(pid) from pg_stat_activity"
                " where datname = current_database() and pid <> pg_backend_pid()"
            )
