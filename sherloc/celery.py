"""The Celery application: workers render PDFs and send e-mail, beat drives deadlines."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sherloc.settings.base")

app = Celery("sherloc")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
