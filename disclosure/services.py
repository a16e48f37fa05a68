"""Every decision of a State on its own material (P 36, P 41, P 42), and the requests of other States.
Each records who took it and when; a withdrawal ends a decision without erasing it."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .enums import Audience, Material, RequestDecision
from .models import Disclosure, DisclosureRequest, PublicUseRequest
from .selectors import WHOLE


class DisclosureRefused(Exception):
    pass


@transaction.atomic
def disclose(
    *,
    state,
    phase,
    material: str,
    audience: str,
    by,
    parts: dict[str, str] | None = None,
    to_state=None,
    request=None,
) -> list[Disclosure]:
    """Open material of `state` for `phase` to an audience: `parts` maps each part to its words ({"": …} or None
    for the whole). A part already open to that audience stays as it is. Returns the decisions made now."""
    if material not in Material.values or audience not in Audience.values:
        raise DisclosureRefused(_("Unknown material or audience."))
    if (audience == Audience.STATE) != (to_state is not None):
        raise DisclosureRefused(_("A disclosure to one State names that State, and only then."))
    if to_state is not None and to_state.pk == state.pk:
        raise DisclosureRefused(_("A State does not disclose its material to itself."))
    if audience == Audience.STATES_PARTIES and material != Material.RESPONSES:
        raise DisclosureRefused(
            _("The dialogue and documentation go to another State on its request (P 41), or to the public (P 42).")
        )
    parts = parts or {WHOLE: ""}
    now = timezone.now()
    open_now = set(
        Disclosure.objects.in_force()
        .filter(state=state, phase=phase, material=material, audience=audience, to_state=to_state)
        .values_list("part", flat=True)
    )
    made = []
    for part, label in parts.items():
        if len(part) > 40 or len(label) > 200:
            raise DisclosureRefused(_("That part is not one of this review's."))
        if part in open_now:
            continue
        made.append(
            Disclosure.objects.create(
                state=state,
                phase=phase,
                material=material,
                part=part,
                part_label=label,
                audience=audience,
                to_state=to_state,
                request=request,
                decided_by=by,
                decided_at=now,
            )
        )
    return made


@transaction.atomic
def withdraw(*, disclosure: Disclosure, by) -> Disclosure:
    """P 42 "may decide": a State may take back what it made public or shared; what was read stays read."""
    disclosure = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
    if disclosure.withdrawn_at is not None:
        raise DisclosureRefused(_("This decision was already withdrawn."))
    disclosure.withdrawn_by = by
    disclosure.withdrawn_at = timezone.now()
    disclosure.save(update_fields=["withdrawn_by", "withdrawn_at"])
    return disclosure


@transaction.atomic
def ask(*, state, phase, material: str, requesting_state, by, reason: str) -> DisclosureRequest:
    """P 41: another State party asks to see the dialogue or the documentation of a State's review."""
    if material not in (Material.DIALOGUE, Material.DOCUMENTATION):
        raise DisclosureRefused(
            _("Responses are released by the State to every State party; ask for the dialogue or the documentation.")
        )
    if requesting_state.pk == state.pk:
        raise DisclosureRefused(_("A State reads its own material without asking."))
    reason = reason.strip()
    if not reason:
        raise DisclosureRefused(_("Say why your State asks: the State decides on your request."))
    try:
        with transaction.atomic():
            return DisclosureRequest.objects.create(
                state=state,
                phase=phase,
                material=material,
                requesting_state=requesting_state,
                reason=reason,
                requested_by=by,
                requested_at=timezone.now(),
            )
    except IntegrityError:
        raise DisclosureRefused(_("Your State already has a request on this material awaiting an answer.")) from None


@transaction.atomic
def answer(*, request: DisclosureRequest, grant: bool, by, note: str = "") -> DisclosureRequest:
    """The State grants or declines a request (P 41 "may"); a grant opens the material to the asking State."""
    request = DisclosureRequest.objects.select_for_update().get(pk=request.pk)
    if request.decision != RequestDecision.PENDING:
        raise DisclosureRefused(_("This request was already answered."))
    request.decision = RequestDecision.GRANTED if grant else RequestDecision.DECLINED
    request.decision_note = note.strip()
    request.decided_by = by
    request.decided_at = timezone.now()
    request.save(update_fields=["decision", "decision_note", "decided_by", "decided_at"])
    if grant:
        disclose(
            state=request.state,
            phase=request.phase,
            material=request.material,
            audience=Audience.STATE,
            to_state=request.requesting_state,
            request=request,
            by=by,
        )
    return request


@transaction.atomic
def ask_public_use(*, state, phase, scope: str, by) -> PublicUseRequest:
    """P 36: the State asks the secretariat to use information of its review in public pages."""
    scope = scope.strip()
    if not scope:
        raise DisclosureRefused(_("Say what information the secretariat may use."))
    return PublicUseRequest.objects.create(
        state=state, phase=phase, scope=scope, requested_by=by, requested_at=timezone.now()
    )


@transaction.atomic
def acknowledge_public_use(*, request: PublicUseRequest, by) -> PublicUseRequest:
    request = PublicUseRequest.objects.select_for_update().get(pk=request.pk)
    if request.acknowledged_at is not None:
        raise DisclosureRefused(_("The secretariat already acknowledged this request."))
    request.acknowledged_by = by
    request.acknowledged_at = timezone.now()
    request.save(update_fields=["acknowledged_by", "acknowledged_at"])
    return request
