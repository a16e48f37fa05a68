"""Reading the access log: filtered in the database, newest first, a page at a time."""

from django.core.paginator import Paginator

from .models import AccessEvent

PAGE_SIZE = 50


def search(*, username="", state=None, object_type="", object_id=None, since=None, until=None, allowed=None):
    """The entries that match every filter given; `since` and `until` are dates, both included."""
    rows = AccessEvent.objects.all()
    if username:
        rows = rows.filter(username__iexact=username)
    if state is not None:
        rows = rows.filter(state_id=state.pk)
    if object_type:
        rows = rows.filter(object_type=object_type)
    if object_id is not None:
        rows = rows.filter(object_id=object_id)
    if since is not None:
        rows = rows.filter(at__date__gte=since)
    if until is not None:
        rows = rows.filter(at__date__lte=until)
    if allowed is not None:
        rows = rows.filter(allowed=allowed)
    return rows.order_by("-at", "-pk")


def page_of(rows, number):
    """One page of entries; a page number that is not one gives the first or the last page."""
    return Paginator(rows, PAGE_SIZE).get_page(number)


def object_types() -> list[str]:
    return list(AccessEvent.objects.order_by("object_type").values_list("object_type", flat=True).distinct())
