"""Every write of the stakeholders' part of the Mechanism (P 52, docs/stakeholders.md): keyword-only
arguments, one transaction, a `StakeholderRefused` with a message for the user on refusal."""

import csv
import datetime as dt
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sherloc.accounts.enums import OrganisationKind
from sherloc.accounts.models import Organisation
from sherloc.registry.models import MechanismSettings, State
from sherloc.uploads import UploadRefused, check_upload

from . import screening
from .enums import CommentStatus, EcosocStatus, InvitationStatus, ObjectionStatus, WorkingGroup
from .models import (
    ActivityReport,
    BriefingMaterial,
    Comment,
    ConferenceSession,
    Invitation,
    Meeting,
    Objection,
    ObserverEntitlement,
    StakeholderProfile,
    StateAttendance,
    Summary,
)

STAKEHOLDER_KINDS = [
    OrganisationKind.NGO,
    OrganisationKind.IGO,
    OrganisationKind.UN_ENTITY,
    OrganisationKind.NON_SIGNATORY,
]
CSV_MAX_BYTES = 2 * 1024 * 1024
CSV_MAX_ROWS = 5000
CSV_COLUMNS = ["name", "kind", "email", "ecosoc_status", "state", "entitled_sessions"]
TEXT_MAX = 20000


class StakeholderRefused(Exception):
    """A write the rules do not allow; the message is for the user."""


class LateConfirmation(StakeholderRefused):
    """A confirmation after the deadline of P 52 (e); the message names the date that was missed."""


def _clean_text(value: str, *, what: str, limit: int = TEXT_MAX, required: bool = True) -> str:
    value = (value or "").strip()
    if "\x00" in value:
        raise StakeholderRefused(_("%(what)s holds a NUL character.") % {"what": what})
    if required and not value:
        raise StakeholderRefused(_("%(what)s is required.") % {"what": what})
    if len(value) > limit:
        raise StakeholderRefused(_("%(what)s is longer than %(limit)s characters.") % {"what": what, "limit": limit})
    return value


# -- organisations -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportReport:
    created: int
    updated: int
    entitlements: int


def import_organisations(*, data: bytes, by=None) -> ImportReport:
    """Read the secretariat's list of stakeholders (docs/stakeholders.md, columns CSV_COLUMNS): every row is
    checked before anything is stored; one bad row refuses the file, with every problem named."""
    if len(data) > CSV_MAX_BYTES:
        raise StakeholderRefused(_("The file is larger than 2 MiB."))
    if b"\x00" in data:
        raise StakeholderRefused(_("The file holds NUL bytes: it is not a CSV text file."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise StakeholderRefused(_("The file is not in UTF-8; save it as UTF-8 CSV and upload it again.")) from None
    try:
        rows = list(csv.DictReader(io.StringIO(text)))
    except csv.Error as error:
        raise StakeholderRefused(_("The file is not a readable CSV file: %(error)s") % {"error": error}) from None
    header = [c.strip() for c in (csv.reader(io.StringIO(text)).__next__() if text.strip() else [])]
    missing = [c for c in ("name", "kind", "email") if c not in header]
    if missing:
        raise StakeholderRefused(
            _("The file lacks the columns: %(columns)s (expected %(expected)s).")
            % {"columns": ", ".join(missing), "expected": ", ".join(CSV_COLUMNS)}
        )
    if not rows:
        raise StakeholderRefused(_("The file lists no organisation."))
    if len(rows) > CSV_MAX_ROWS:
        raise StakeholderRefused(_("The file lists more than %(limit)s organisations.") % {"limit": CSV_MAX_ROWS})
    sessions = {str(s.number): s for s in ConferenceSession.objects.all()}
    states = {s.code: s for s in State.objects.all()}
    problems, clean, seen = [], [], set()
    for line, row in enumerate(rows, start=2):
        if None in row:  # more cells than columns
            problems.append(_("line %(line)s: more cells than columns") % {"line": line})
            continue
        cells = {key: (value or "").strip() for key, value in row.items() if isinstance(key, str)}
        name, kind, email = cells.get("name", ""), cells.get("kind", "").lower(), cells.get("email", "")
        ecosoc, state_code = cells.get("ecosoc_status", "").lower(), cells.get("state", "").upper()
        entitled = cells.get("entitled_sessions", "")
        here = []
        if not name or len(name) > 200:
            here.append(_("a name of 1 to 200 characters is required"))
        elif name.casefold() in seen:
            here.append(_("“%(name)s” is listed twice") % {"name": name})
        if kind not in STAKEHOLDER_KINDS:
            here.append(_("kind must be one of %(kinds)s") % {"kinds": ", ".join(STAKEHOLDER_KINDS)})
        try:
            validate_email(email)
        except ValidationError:
            here.append(_("“%(email)s” is not an e-mail address") % {"email": email[:80]})
        if ecosoc and ecosoc not in EcosocStatus.values:
            here.append(_("ECOSOC status must be general, special, roster or empty"))
        if ecosoc and kind != OrganisationKind.NGO:
            here.append(_("only NGOs hold ECOSOC consultative status"))
        state = None
        if kind == OrganisationKind.NON_SIGNATORY:
            state = states.get(state_code)
            if state is None:
                here.append(_("a non-signatory State needs the ISO3 code of a State in the registry"))
        numbers = [n.strip() for n in entitled.replace(",", ";").split(";") if n.strip()]
        unknown = [n for n in numbers if n not in sessions]
        if unknown:
            here.append(_("unknown sessions of the Conference: %(numbers)s") % {"numbers": ", ".join(unknown[:5])})
        if here:
            problems.append(_("line %(line)s: %(problems)s") % {"line": line, "problems": "; ".join(here)})
            continue
        seen.add(name.casefold())
        clean.append((name, kind, email, ecosoc, state, [sessions[n] for n in numbers]))
    if problems:
        shown = problems[:20]
        more = len(problems) - len(shown)
        message = _("Nothing was imported. ") + " — ".join(shown)
        if more:
            message += " " + _("(and %(count)s more)") % {"count": more}
        raise StakeholderRefused(message)
    created = updated = entitlements = 0
    with transaction.atomic():
        for name, kind, email, ecosoc, state, entitled_sessions in clean:
            organisation, new = Organisation.objects.get_or_create(name=name, defaults={"kind": kind})
            if not new and organisation.kind != kind:
                if organisation.kind not in STAKEHOLDER_KINDS:
                    raise StakeholderRefused(
                        _("“%(name)s” is already an organisation of another kind; nothing was imported.")
                        % {"name": name}
                    )
                organisation.kind = kind
                organisation.save(update_fields=["kind"])
            profile, made = StakeholderProfile.objects.update_or_create(
                organisation=organisation, defaults={"email": email, "ecosoc_status": ecosoc, "state": state}
            )
            created += made
            updated += not made
            for session in entitled_sessions:
                ObserverEntitlement.objects.update_or_create(
                    profile=profile, session=session, defaults={"entitled": True}
                )
                entitlements += 1
    return ImportReport(created, updated, entitlements)


def add_conference_session(*, number: int, title: str, starts_on: dt.date, ends_on: dt.date) -> ConferenceSession:
    if ends_on < starts_on:
        raise StakeholderRefused(_("A session cannot end before it starts."))
    session, _created = ConferenceSession.objects.update_or_create(
        number=number, defaults={"title": title, "starts_on": starts_on, "ends_on": ends_on}
    )
    return session


def previous_session(date: dt.date) -> ConferenceSession | None:
    """The session of the Conference before a meeting (P 52 (c)): the last one ended before its date."""
    return ConferenceSession.objects.filter(ends_on__lt=date).order_by("-ends_on").first()


# -- meetings ----------------------------------------------------------------------------------


def create_meeting(
    *,
    by,
    working_group: str,
    working_group_session: str,
    title: str,
    date: dt.date,
    place: str,
    agenda: str,
    president_request: str,
    chair: str,
    language: str = "en",
) -> Meeting:
    """An informal meeting on the margins of a working group, at the request of the President, conducted by
    its chair with the secretariat (P 52 (a)); its invitees are the observers of the session before (P 52 (c))."""
    if working_group not in WorkingGroup.values:
        raise StakeholderRefused(_("Choose one of the working groups."))
    session = previous_session(date)
    if session is None:
        raise StakeholderRefused(
            _("No session of the Conference ended before %(date)s: record it first, its observers are invited.")
            % {"date": date_format(date)}
        )
    return Meeting.objects.create(
        working_group=working_group,
        working_group_session=_clean_text(working_group_session, what=_("The working-group session"), limit=200),
        conference_session=session,
        title=_clean_text(title, what=_("The title"), limit=200),
        date=date,
        place=_clean_text(place, what=_("The place"), limit=200),
        agenda=_clean_text(agenda, what=_("The agenda")),
        president_request=_clean_text(president_request, what=_("The President's request"), limit=300),
        chair=_clean_text(chair, what=_("The chair"), limit=200),
        language=language,
        created_by=by,
    )


def add_briefing(*, meeting: Meeting, upload, by) -> BriefingMaterial:
    try:
        checked = check_upload(upload)
    except UploadRefused as error:
        raise StakeholderRefused(str(error)) from None
    with transaction.atomic():
        material = BriefingMaterial(
            meeting=meeting,
            name=checked.name,
            size=checked.size,
            content_type=checked.content_type,
            sha256=checked.sha256,
            uploaded_by=by,
        )
        material.file.save(checked.name, checked.file, save=False)
        material.save()
    return material


# -- invitations (P 52 (c)) --------------------------------------------------------------------


def entitled_profiles(meeting: Meeting):
    return StakeholderProfile.objects.filter(
        entitlements__session_id=meeting.conference_session_id, entitlements__entitled=True
    ).select_related("organisation")


def invite_all(*, meeting: Meeting, by) -> int:
    """Invite, in one action, every stakeholder entitled as observer at the session of the Conference before
    the meeting (P 52 (c)); those already invited are not invited again. Returns how many are new. The
    e-mails leave through Celery once this commits (tasks.send_invitations)."""
    from . import tasks

    now = timezone.now()
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        before = Invitation.objects.filter(meeting=meeting).count()
        profiles = list(entitled_profiles(meeting).values_list("pk", "email"))
        Invitation.objects.bulk_create(
            [Invitation(meeting=meeting, profile_id=pk, email=email, created_at=now) for pk, email in profiles],
            ignore_conflicts=True,  # invited already: the unique pair keeps the first
            batch_size=1000,
        )
        new = Invitation.objects.filter(meeting=meeting).count() - before
        Meeting.objects.filter(pk=meeting.pk).update(invited_at=now)
        transaction.on_commit(lambda: tasks.send_invitations.delay(meeting.pk))
    return new


def record_bounce(*, invitation: Invitation, by=None) -> Invitation:
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.status == InvitationStatus.CONFIRMED:
            raise StakeholderRefused(_("The organisation has confirmed its attendance: the invitation reached it."))
        invitation.status = InvitationStatus.BOUNCED
        invitation.bounced_at = timezone.now()
        invitation.save(update_fields=["status", "bounced_at"])
    return invitation


def confirmation_deadline(meeting: Meeting) -> dt.date:
    """The last day to confirm attendance and send written comments (P 52 (e)): a setting, ten days by default."""
    return meeting.date - dt.timedelta(days=MechanismSettings.current().stakeholder_confirmation_days)


def confirm_attendance(*, invitation: Invitation, by, today: dt.date | None = None) -> Invitation:
    """A stakeholder confirms attendance no later than the deadline (P 52 (e)); a late one is refused, naming
    the date that was missed, and the refusal is recorded for the secretariat."""
    today = today or timezone.localdate()
    deadline = confirmation_deadline(invitation.meeting)
    late = False
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().select_related("meeting").get(pk=invitation.pk)
        if invitation.objections.filter(status=ObjectionStatus.UPHELD).exists():
            raise StakeholderRefused(
                _("The working group decided on an objection: the organisation does not take part.")
            )
        if invitation.status == InvitationStatus.CONFIRMED:
            return invitation  # confirmed already: nothing new
        if today > deadline:
            late = True
            invitation.late_refused_at = timezone.now()
            invitation.save(update_fields=["late_refused_at"])
        else:
            invitation.status = InvitationStatus.CONFIRMED
            invitation.confirmed_at = timezone.now()
            invitation.confirmed_by = by
            invitation.save(update_fields=["status", "confirmed_at", "confirmed_by"])
    if late:
        raise LateConfirmation(
            _(
                "Attendance had to be confirmed by %(date)s, %(days)s days before the meeting (P 52 (e)); it is too late."
            )
            % {"date": date_format(deadline), "days": (invitation.meeting.date - deadline).days}
        )
    return invitation


# -- objections (P 52 (d)) ---------------------------------------------------------------------


def object_to_participation(*, invitation: Invitation, state: State, reasons: str, by) -> Objection:
    """A State party objects to an NGO's participation: the matter goes to the working group; until it decides,
    the NGO's attendance is on hold and it is told so (tasks.tell_on_hold)."""
    from . import tasks

    reasons = _clean_text(reasons, what=_("The reasons"))
    if invitation.profile.organisation.kind != OrganisationKind.NGO:
        raise StakeholderRefused(_("Only the participation of a non-governmental organization can be objected to."))
    try:
        with transaction.atomic():
            objection = Objection.objects.create(
                invitation=invitation, state=state, reasons=reasons, raised_by=by, raised_at=timezone.now()
            )
            transaction.on_commit(lambda: tasks.tell_on_hold.delay(objection.pk))
    except IntegrityError:
        raise StakeholderRefused(_("Your State's objection is already before the working group.")) from None
    return objection


def decide_objection(*, objection: Objection, upheld: bool, decision: str, by) -> Objection:
    """The secretariat records the working group's decision (P 52 (d), rule 17, paragraph 2)."""
    decision = _clean_text(decision, what=_("The decision"))
    with transaction.atomic():
        objection = Objection.objects.select_for_update().get(pk=objection.pk)
        if objection.status != ObjectionStatus.PENDING:
            raise StakeholderRefused(_("The working group's decision is recorded already."))
        objection.status = ObjectionStatus.UPHELD if upheld else ObjectionStatus.DISMISSED
        objection.decision = decision
        objection.decided_by = by
        objection.decided_at = timezone.now()
        objection.save(update_fields=["status", "decision", "decided_by", "decided_at"])
    return objection


def on_hold(invitation: Invitation) -> bool:
    return invitation.objections.filter(status=ObjectionStatus.PENDING).exists()


# -- States' representatives (P 52 (f)) --------------------------------------------------------


def register_state_attendance(*, meeting: Meeting, state: State, by) -> StateAttendance:
    attendance, _created = StateAttendance.objects.get_or_create(
        meeting=meeting, user=by, defaults={"state": state, "registered_at": timezone.now()}
    )
    return attendance


# -- written comments (P 52 (b), (e)) ----------------------------------------------------------


def submit_comment(
    *,
    meeting: Meeting,
    by,
    text: str,
    language: str,
    invitation: Invitation | None = None,
    author_state: State | None = None,
    upload=None,
    today: dt.date | None = None,
) -> Comment:
    """A written comment, sent by the deadline of P 52 (e) and screened before it circulates (P 52 (b)): a
    comment naming a State other than its author's waits for the secretariat."""
    text = _clean_text(text, what=_("The comment"))
    today = today or timezone.localdate()
    deadline = confirmation_deadline(meeting)
    if invitation is not None and today > deadline:
        raise LateConfirmation(
            _("Written comments had to be sent by %(date)s (P 52 (e)).") % {"date": date_format(deadline)}
        )
    checked = None
    if upload is not None:
        try:
            checked = check_upload(upload)
        except UploadRefused as error:
            raise StakeholderRefused(str(error)) from None
    result = screening.screen(text, language=language, author_state=author_state.code if author_state else None)
    matches = [{"text": m.text, "state": m.state, "start": m.start, "end": m.end} for m in result.matches]
    matches += [{"text": m.text, "state": m.state, "start": m.start, "end": m.end, "own": True} for m in result.own]
    with transaction.atomic():
        comment = Comment(
            meeting=meeting,
            invitation=invitation,
            author=by,
            author_state=author_state,
            text=text,
            language=language,
            matches=sorted(matches, key=lambda m: m["start"]),
            status=CommentStatus.FLAGGED if result.flagged else CommentStatus.CIRCULATED,
            submitted_at=timezone.now(),
        )
        if checked is not None:
            comment.attachment_name = checked.name
            comment.attachment_sha256 = checked.sha256
            comment.attachment_type = checked.content_type
            comment.attachment.save(checked.name, checked.file, save=False)
        comment.save()
    return comment


def _decide_comment(*, comment: Comment, by, reason: str, status: str) -> Comment:
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        if comment.status != CommentStatus.FLAGGED:
            raise StakeholderRefused(_("Only a comment waiting for the secretariat can be released or returned."))
        comment.status = status
        comment.reason = reason
        comment.decided_by = by
        comment.decided_at = timezone.now()
        comment.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    return comment


def release_comment(*, comment: Comment, by, reason: str = "") -> Comment:
    """The secretariat lets a flagged comment circulate, e.g. a State raising its own review (P 52 (b))."""
    reason = _clean_text(reason, what=_("The reason"), required=False)
    return _decide_comment(comment=comment, by=by, reason=reason, status=CommentStatus.RELEASED)


def return_comment(*, comment: Comment, by, reason: str) -> Comment:
    reason = _clean_text(reason, what=_("The reason"))
    return _decide_comment(comment=comment, by=by, reason=reason, status=CommentStatus.RETURNED)


# -- summaries (P 52 (g)) and activity reports (P 52 (i)) --------------------------------------


def write_summary(*, meeting: Meeting, by, text: str, language: str) -> Summary:
    text = _clean_text(text, what=_("The summary"), limit=100000)
    summary, _created = Summary.objects.update_or_create(
        meeting=meeting, defaults={"text": text, "language": language, "written_by": by, "written_at": timezone.now()}
    )
    return summary


def submit_activity_report(
    *, by, profile: StakeholderProfile, title: str, body: str, working_groups: list[str], co_signers=()
) -> ActivityReport:
    """A report on activities and contributions, individually or jointly (P 52 (i))."""
    title = _clean_text(title, what=_("The title"), limit=200)
    body = _clean_text(body, what=_("The report"), limit=100000)
    groups = sorted(set(working_groups))
    if not groups or any(g not in WorkingGroup.values for g in groups):
        raise StakeholderRefused(_("Choose the working groups the report is for."))
    with transaction.atomic():
        report = ActivityReport.objects.create(
            title=title, body=body, working_groups=groups, submitted_by=by, submitted_at=timezone.now()
        )
        report.organisations.set({profile.pk, *(p.pk for p in co_signers)})
    return report
