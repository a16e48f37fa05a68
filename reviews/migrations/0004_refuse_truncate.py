"""P 34: the archive cannot be emptied either. TRUNCATE fires no row trigger, so the owner (or a
slip in a shell) could empty the dialogue at once: a statement trigger refuses it on PostgreSQL.
The portal's own role holds no TRUNCATE privilege at all (grant_portal_role)."""

from django.db import migrations

FORWARD = """
CREATE TRIGGER reviews_message_not_truncated BEFORE TRUNCATE ON reviews_message
    FOR EACH STATEMENT EXECUTE FUNCTION reviews_refuse_archive_change();
CREATE TRIGGER reviews_attachment_not_truncated BEFORE TRUNCATE ON reviews_attachment
    FOR EACH STATEMENT EXECUTE FUNCTION reviews_refuse_archive_change();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS reviews_message_not_truncated ON reviews_message;
DROP TRIGGER IF EXISTS reviews_attachment_not_truncated ON reviews_attachment;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0003_private_files")]

    operations = [migrations.RunPython(forward, backward)]
