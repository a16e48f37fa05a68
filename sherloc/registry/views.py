from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import permissions, selectors, services
from .forms import ImportForm, ParticipationForm, SettingsForm, TreatyStatusForm, WorkplanFormSet
from .i18n import sorted_states
from .models import Instrument, MechanismSettings, State, TreatyStatus, WorkplanPhase


@login_required
def state_list(request):
    # alphabetical in the page's language (P 3(b)): 198 names sorted in Python, docs/languages.md
    states = sorted_states(selectors.states_with_status())
    instruments = list(Instrument.objects.all())
    rows = []
    for state in states:
        by_code = {s.instrument.code: s for s in state.current_statuses}
        rows.append((state, [by_code.get(i.code) for i in instruments]))
    return render(
        request,
        "registry/state_list.html",
        {"rows": rows, "instruments": instruments, "can_edit": permissions.can_edit_registry(request.user)},
    )


@login_required
def state_detail(request, code):
    state = get_object_or_404(State, code=code)
    can_edit = permissions.can_record_treaty_status(request.user)
    status_form = TreatyStatusForm(prefix="status")
    participation_form = ParticipationForm(
        prefix="participation",
        initial={
            "review_group": state.review_group,
            "subject_to_review": state.subject_to_review,
            "decision_reference": state.review_decision_reference,
        },
    )
    if request.method == "POST":
        if not can_edit:
            raise Http404
        if "status-instrument" in request.POST:
            status_form = TreatyStatusForm(request.POST, prefix="status")
            if status_form.is_valid():
                try:
                    services.record_treaty_status(state=state, recorded_by=request.user, **status_form.cleaned_data)
                except services.RegistryError as error:
                    status_form.add_error(None, str(error))
                else:
                    messages.success(request, _("Treaty status recorded."))
                    return redirect("registry:state", code=code)
        else:
            participation_form = ParticipationForm(request.POST, prefix="participation")
            if participation_form.is_valid():
                services.set_review_participation(state=state, **participation_form.cleaned_data)
                messages.success(request, _("Review participation recorded."))
                return redirect("registry:state", code=code)
    history = (
        TreatyStatus.objects.filter(state=state)
        .select_related("instrument", "recorded_by")
        .order_by("instrument__position", "-recorded_at")
    )
    return render(
        request,
        "registry/state_detail.html",
        {
            "state": state,
            "history": history,
            "can_edit": can_edit,
            "status_form": status_form,
            "participation_form": participation_form,
        },
    )


@login_required
def import_statuses(request):
    if not permissions.can_record_treaty_status(request.user):
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.import_treaty_statuses(text=form.cleaned_data["file"], recorded_by=request.user)
        except services.RegistryError as error:
            form.add_error("file", _("%(error)s Nothing was changed.") % {"error": error})
        else:
            messages.success(
                request,
                ngettext("%(count)d treaty status recorded.", "%(count)d treaty statuses recorded.", count)
                % {"count": count},
            )
            return redirect("registry:states")
    context = {"form": form, "columns": services.IMPORT_COLUMNS}
    return render(request, "registry/import.html", context, status=400 if form.errors else 200)


@login_required
def table_one(request):
    return render(request, "registry/table_one.html", {"clusters": selectors.table_one()})


@login_required
def workplan(request):
    can_edit = permissions.can_edit_workplan(request.user)
    queryset = WorkplanPhase.objects.select_related("cluster")
    formset = WorkplanFormSet(request.POST or None, queryset=queryset) if can_edit else None
    settings_form = (
        SettingsForm(request.POST or None, instance=MechanismSettings.current(), prefix="settings")
        if can_edit
        else None
    )
    if request.method == "POST":
        if not can_edit:
            raise Http404
        if formset.is_valid() and settings_form.is_valid():
            with transaction.atomic():
                formset.save()
                settings_form.save()
            messages.success(request, _("Workplan and settings saved."))
            return redirect("registry:workplan")
    rows = [(phase, [phase.years_for_group(group) for group in (1, 2, 3)]) for phase in queryset]
    return render(request, "registry/workplan.html", {"rows": rows, "formset": formset, "settings_form": settings_form})
