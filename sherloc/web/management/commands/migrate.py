"""manage.py migrate, as the tables' owner when MIGRATE_DATABASE_URL is set, then the portal's
role granted again (sherloc/database.py): the portal itself never connects as the owner."""

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import DEFAULT_DB_ALIAS

from sherloc.database import RoleRefused, as_owner, grant_portal_role, portal_credentials


class Command(DjangoMigrate):
    help = DjangoMigrate.help + " With MIGRATE_DATABASE_URL: as the tables' owner, then the portal's role is granted."

    def handle(self, *args, **options):
        if not settings.MIGRATE_DATABASE or options["database"] != DEFAULT_DB_ALIAS:
            return super().handle(*args, **options)
        role, password = portal_credentials()
        try:
            with as_owner() as connection:
                super().handle(*args, **options)
                for line in grant_portal_role(connection, role=role, password=password):
                    if options["verbosity"]:
                        self.stdout.write(line)
        except RoleRefused as error:
            raise CommandError(str(error)) from None
