"""P 19: submissions are kept as submitted. On PostgreSQL a statement trigger refuses TRUNCATE of
the snapshots; the portal's own role may only read and add them, and change no column of what
was submitted (grant_portal_role)."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION responses_refuse_truncate() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Submitted responses are kept as submitted: % on % is refused (P 19).',
        TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER responses_snapshot_not_truncated BEFORE TRUNCATE ON responses_snapshot
    FOR EACH STATEMENT EXECUTE FUNCTION responses_refuse_truncate();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS responses_snapshot_not_truncated ON responses_snapshot;
DROP FUNCTION IF EXISTS responses_refuse_truncate();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("responses", "0002_private_files")]

    operations = [migrations.RunPython(forward, backward)]
