"""The State's decisions on its own material and other States' requests (P 36, P 41, P 42). Each view asks
disclosure.permissions and calls one service; what a user may not see is not found (404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from sherloc import audit
from sherloc.accounts.permissions import member_state_ids
from sherloc.registry.models import State
from sherloc.web.errors import form_errors

from . import permissions, selectors, services
from .forms import AnswerForm, AskForm, PublicUseForm
from .models import Disclosure, DisclosureRequest, PublicUseRequest


def _requesting_states(user):
    """The States for which the user may ask another State to share (its focal point's States)."""
    return State.objects.filter(pk__in=permissions.requesting_state_ids(user)).order_by("name")


@login_required
def index(request):
    user = request.user
    mine = State.objects.filter(pk__in=member_state_ids(user)).order_by("name")
    requesting = _requesting_states(user)
    form = AskForm(requesting_states=requesting)
    if request.method == "POST":
        form = AskForm(request.POST, requesting_states=requesting)
        if not requesting.exists():
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.ask(
                    state=data["state"],
                    phase=data["phase"],
                    material=data["material"],
                    requesting_state=data["requesting_state"],
                    by=user,
                    reason=data["reason"],
                )
            except services.DisclosureRefused as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "✓")
                return redirect("disclosure:index")
    context = {
        "mine": mine,
        "shared": selectors.shared_with(user),
        "asked": selectors.requests_by(member_state_ids(user)),
        "form": form if requesting.exists() else None,
        "secretariat": permissions.may_see_all_decisions(user),
        "public_use": selectors.public_use_requests() if permissions.may_see_all_decisions(user) else [],
    }
    return render(request, "disclosure/index.html", context, status=400 if form.errors else 200)


def _state(request, iso3) -> State:
    state = State.objects.filter(code=str(iso3).upper()[:3]).first()
    if state is None or not permissions.may_see_decisions(request.user, state):
        raise Http404
    return state


@login_required
def state(request, iso3):
    state = _state(request, iso3)
    decide = permissions.may_decide(request.user, state)
    context = {
        "state": state,
        "decide": decide,
        "decisions": selectors.decisions_of(state),
        "requests": selectors.requests_to(state),
        "answer_form": AnswerForm() if decide else None,
        "public_use_form": PublicUseForm() if decide else None,
        "public_use": selectors.public_use_requests(state),
    }
    return render(request, "disclosure/state.html", context)


@login_required
@require_POST
def withdraw(request, pk):
    disclosure = get_object_or_404(Disclosure.objects.select_related("state"), pk=pk)
    if not permissions.may_decide(request.user, disclosure.state):
        raise Http404
    try:
        services.withdraw(disclosure=disclosure, by=request.user)
    except services.DisclosureRefused as error:
        messages.error(request, str(error))
    else:
        audit.record_disclosure(request, obj=disclosure, state=disclosure.state_id, note=f"withdrawn: {disclosure}")
    return redirect("disclosure:state", iso3=disclosure.state.code)


@login_required
@require_POST
def answer(request, pk):
    asked = get_object_or_404(DisclosureRequest.objects.select_related("state"), pk=pk)
    if not permissions.may_decide(request.user, asked.state):
        raise Http404
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.answer(
                request=asked, grant=form.cleaned_data["grant"], by=request.user, note=form.cleaned_data["note"]
            )
        except services.DisclosureRefused as error:
            messages.error(request, str(error))
        else:
            audit.record_disclosure(request, obj=asked, state=asked.state_id, note="request answered")
    else:
        messages.error(request, form_errors(form))
    return redirect("disclosure:state", iso3=asked.state.code)


@login_required
@require_POST
def ask_public_use(request, iso3):
    state = _state(request, iso3)
    if not permissions.may_decide(request.user, state):
        raise Http404
    form = PublicUseForm(request.POST)
    if form.is_valid():
        try:
            asked = services.ask_public_use(
                state=state, phase=form.cleaned_data["phase"], scope=form.cleaned_data["scope"], by=request.user
            )
        except services.DisclosureRefused as error:
            messages.error(request, str(error))
        else:
            audit.record_disclosure(request, obj=asked, state=state.pk, note="public use asked (P 36)")
    else:
        messages.error(request, form_errors(form))
    return redirect("disclosure:state", iso3=state.code)


@login_required
@require_POST
def acknowledge(request, pk):
    if not permissions.may_acknowledge_public_use(request.user):
        raise Http404
    asked = get_object_or_404(PublicUseRequest, pk=pk)
    try:
        services.acknowledge_public_use(request=asked, by=request.user)
    except services.DisclosureRefused as error:
        messages.error(request, str(error))
    return redirect("disclosure:index")


def public(request):
    """Open to anyone: what States have made public of their reviews (P 42), alphabetical by State."""
    return render(request, "disclosure/public.html", {"material": selectors.public_material()})
