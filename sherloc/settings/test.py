"""Test settings: the same as every environment, with fast hashing and local e-mail."""

import os

os.environ.setdefault("DEBUG", "true")

from .base import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# whitenoise's manifest needs collectstatic; tests use plain storage
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
SECURE_SSL_REDIRECT = False
MEDIA_ROOT = BASE_DIR / "tmp" / "test-media"  # noqa: F405
PRIVATE_MEDIA_ROOT = BASE_DIR / "tmp" / "test-private-media"  # noqa: F405
STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_MEDIA_ROOT  # noqa: F405
MIGRATE_DATABASE = None  # the test database is made by its owner
AXES_FAILURE_LIMIT = 5
# Tasks run in the test's own transaction; tests that need a real worker start one.
CELERY_TASK_ALWAYS_EAGER = True
WHITENOISE_AUTOREFRESH = True  # serve from the finders: no collectstatic before tests
# the live server's thread must not keep a connection open past the test database's teardown
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# no collectstatic before tests: whitenoise must not look for the collected directory
STATIC_ROOT = None
