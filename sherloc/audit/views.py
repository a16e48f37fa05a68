"""The access log's pages (docs/access-log.md): the secretariat searches it; a focal point reads who has
read its own State's material. Both are refused with a 404 to anyone else."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from sherloc.registry.models import State
from sherloc.web.pages import query_without_page

from . import permissions, selectors
from .forms import LogFilter


@login_required
def search(request):
    if not permissions.may_search_log(request.user):
        raise Http404
    form = LogFilter(request.GET or None)
    if form.is_bound and not form.is_valid():
        return render(request, "audit/search.html", {"form": form, "page": None}, status=400)
    filters = form.cleaned_data if form.is_bound else {}
    rows = selectors.search(**{k: v for k, v in filters.items() if v not in (None, "")})
    context = {
        "form": form,
        "page": selectors.page_of(rows.select_related("state"), request.GET.get("page")),
        "query": query_without_page(request),
        "object_types": selectors.object_types(),
        "full": True,
    }
    return render(request, "audit/search.html", context)


@login_required
def state_log(request, code):
    state = State.objects.filter(code=code.upper()[:3]).first()
    if state is None or not permissions.may_see_state_log(request.user, state):
        raise Http404
    rows = selectors.search(state=state)
    context = {
        "state": state,
        "page": selectors.page_of(rows.select_related("state"), request.GET.get("page")),
        "full": False,
    }
    return render(request, "audit/state.html", context)
