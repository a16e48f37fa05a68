"""manage.py grant_portal_role [--role sherloc_app]: the portal's PostgreSQL role, made and granted.

Connects as the tables' owner (MIGRATE_DATABASE_URL, else DATABASE_URL). The role defaults to the
user of DATABASE_URL and gets its password; `manage.py migrate` runs this after migrating."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection as default_connection

from sherloc.database import RoleRefused, as_owner, grant_portal_role, portal_credentials


class Command(BaseCommand):
    help = "Create the portal's PostgreSQL role if missing and grant it what the portal may do (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--role", help="default: the user of DATABASE_URL")
        parser.add_argument("--password", help="default: the password of DATABASE_URL, when --role is not given")

    def handle(self, *args, role=None, password=None, **options):
        if default_connection.vendor != "postgresql":
            self.stdout.write("SQLite: one connection and no roles; nothing to grant.")
            return
        user, url_password = portal_credentials()
        if password is None:
            password = url_password if role in (None, user) else ""
        role = role or user
        if not role:
            raise CommandError("Name the role (--role) or give DATABASE_URL a user.")
        try:
            with as_owner() as connection:
                for line in grant_portal_role(connection, role=role, password=password):
                    self.stdout.write(line)
        except RoleRefused as error:
            raise CommandError(str(error)) from None
