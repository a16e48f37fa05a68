"""The tables each transaction changed (one row per table and transaction) and the epoch that pruning them moves on
(docs/page-cache.md). PostgreSQL only: the quick start's SQLite has no page cache."""

from django.db import migrations

TABLES = """
CREATE TABLE pagecache_change (txid xid8 NOT NULL, relname name NOT NULL, PRIMARY KEY (txid, relname));
CREATE TABLE pagecache_epoch (id integer PRIMARY KEY CHECK (id = 1), value bigint NOT NULL);
INSERT INTO pagecache_epoch VALUES (1, (extract(epoch FROM clock_timestamp()) * 1000)::bigint);
"""
DROP = "DROP TABLE IF EXISTS pagecache_change; DROP TABLE IF EXISTS pagecache_epoch;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TABLES)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        from sherloc.pagecache.changes import remove_triggers

        remove_triggers(schema_editor.connection)
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [migrations.RunPython(create, drop)]
