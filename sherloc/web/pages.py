"""Paged lists: what a pager's links carry besides the page number."""


def query_without_page(request) -> str:
    """The request's query string without its `page`, so that a pager's links keep the list's filters."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
