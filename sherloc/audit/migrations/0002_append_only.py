"""The access log is append-only, like the dialogue's archive (reviews/migrations/0002, 0004): on PostgreSQL a
trigger refuses UPDATE, DELETE and TRUNCATE to anyone, the tables' owner included. The change history's
event tables (django-pghistory) refuse UPDATE and DELETE by their own triggers (PGHISTORY_APPEND_ONLY) and
TRUNCATE by this function, here and in the migrations of the apps whose models they track. The portal's role holds no
UPDATE, DELETE or TRUNCATE privilege on it either (sherloc/database.py)."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The access log is append-only: % on % is refused.', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_accessevent_append_only BEFORE UPDATE OR DELETE ON audit_accessevent
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_accessevent_not_truncated BEFORE TRUNCATE ON audit_accessevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
""" + "".join(
    f"""CREATE TRIGGER {table}_not_truncated BEFORE TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
"""
    for table in ("audit_userobjectpermissionevent", "audit_groupobjectpermissionevent", "audit_usergroupevent")
)

BACKWARD = """
DROP TRIGGER IF EXISTS audit_accessevent_append_only ON audit_accessevent;
DROP TRIGGER IF EXISTS audit_accessevent_not_truncated ON audit_accessevent;
DROP TRIGGER IF EXISTS audit_userobjectpermissionevent_not_truncated ON audit_userobjectpermissionevent;
DROP TRIGGER IF EXISTS audit_groupobjectpermissionevent_not_truncated ON audit_groupobjectpermissionevent;
DROP TRIGGER IF EXISTS audit_usergroupevent_not_truncated ON audit_usergroupevent;
DROP FUNCTION IF EXISTS audit_refuse_change();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
