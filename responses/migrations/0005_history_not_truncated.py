"""The change history of submissions (django-pghistory, docs/access-log.md) cannot be emptied: a BEFORE TRUNCATE
trigger refuses it, as for the access log (sherloc/audit/migrations/0002). UPDATE and DELETE are refused by
the event tables' own triggers (PGHISTORY_APPEND_ONLY)."""

from django.db import migrations

TABLES = ('responses_snapshotevent',)


# the table names are this migration's own constants, not input
FORWARD = "".join(
    f"CREATE TRIGGER {table}_not_truncated BEFORE TRUNCATE ON {table} "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();\n"
    for table in TABLES
)
BACKWARD = "".join(f"DROP TRIGGER IF EXISTS {table}_not_truncated ON {table};\n" for table in TABLES)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("responses", "0004_snapshotevent_snapshot_insert_insert_and_more"), ("audit", "0002_append_only")]

    operations = [migrations.RunPython(forward, backward)]
