"""Paged lists and pages read one part at a time: what a pager's links carry, and a part's neighbours."""


def query_without_page(request) -> str:
    """The request's query string without its `page`, so that a pager's links keep the list's filters."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def neighbours(items: list, at: int) -> tuple:
    """(the item before ``items[at]``, the item after it), None where there is none: previous and next links."""
    return (items[at - 1] if at > 0 else None), (items[at + 1] if at + 1 < len(items) else None)
