"""django-pghistory's context (who made a change, on which page) for PostgreSQL only.

pghistory attaches the context to each query through a database wrapper that relies on PostgreSQL's cursor;
on SQLite (the quick-start default), where no trigger records anything, it would break every form sent."""

from django.db import connection
from pghistory.middleware import HistoryMiddleware as _HistoryMiddleware


class HistoryMiddleware(_HistoryMiddleware):
    def __call__(self, request):
        if connection.vendor != "postgresql":
            return self.get_response(request)
        return super().__call__(request)
