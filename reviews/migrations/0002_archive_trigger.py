"""P 34: the constructive dialogue is an archive. On PostgreSQL a trigger refuses UPDATE and
DELETE on posted messages and their attachments, whatever the code or a shell tries."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION reviews_refuse_archive_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The constructive dialogue is archived: % on % is refused (P 34). Post a correction instead.',
        TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER reviews_message_archived BEFORE UPDATE OR DELETE ON reviews_message
    FOR EACH ROW EXECUTE FUNCTION reviews_refuse_archive_change();
CREATE TRIGGER reviews_attachment_archived BEFORE UPDATE OR DELETE ON reviews_attachment
    FOR EACH ROW EXECUTE FUNCTION reviews_refuse_archive_change();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS reviews_message_archived ON reviews_message;
DROP TRIGGER IF EXISTS reviews_attachment_archived ON reviews_attachment;
DROP FUNCTION IF EXISTS reviews_refuse_archive_change();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
