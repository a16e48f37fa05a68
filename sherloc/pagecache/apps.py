from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PageCacheConfig(AppConfig):
    """The page cache (docs/page-cache.md): every table tells, by a trigger, which transactions changed it;
    after every `migrate` the trigger is put on every table, so a table added later is covered too."""

    name = "sherloc.pagecache"
    label = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        from .changes import install_triggers_after_migrate

        post_migrate.connect(install_triggers_after_migrate, dispatch_uid="pagecache-triggers")
