"""The stakeholders' part of the demo world (called from seed_demo): observers of two sessions of the
Conference, three informal meetings, and ngo-1's organisation invited, confirmed, commenting, reporting.

- "Victims' voices" (WG.4, in five days): invitations sent, ngo-1 confirmed in time, a confirmation
  refused as late, a pending objection of Austria to an NGO, two written comments (one released, one
  flagged and waiting for the secretariat);
- "Firearms and civil society" (WG.6, six weeks ago): its summary written;
- "Smuggling of migrants: protection at sea" (WG.7, in seven weeks): invited, not yet confirmed.
"""

import contextlib
import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from sherloc.accounts.enums import OrganisationKind
from sherloc.accounts.models import Organisation
from sherloc.registry.models import State
from stakeholders import services
from stakeholders.enums import EcosocStatus, WorkingGroup
from stakeholders.models import Invitation, Meeting, ObserverEntitlement, StakeholderProfile

NGO_1 = "Global Alliance against Trafficking (demo)"
ORGANISATIONS = [
    (NGO_1, OrganisationKind.NGO, EcosocStatus.SPECIAL, None),
    ("Coalition for Victims' Rights (demo)", OrganisationKind.NGO, EcosocStatus.ROSTER, None),
    ("Civil Society Firearms Forum (demo)", OrganisationKind.NGO, EcosocStatus.SPECIAL, None),
    ("Interregional Migration Council (demo)", OrganisationKind.IGO, EcosocStatus.NONE, None),
    ("United Nations entity for gender equality (demo)", OrganisationKind.UN_ENTITY, EcosocStatus.NONE, None),
    ("Tuvalu (non-signatory, demo)", OrganisationKind.NON_SIGNATORY, EcosocStatus.NONE, "TUV"),
]


def seed_stakeholders_demo() -> str:
    User = get_user_model()
    if Meeting.objects.exists():
        return "stakeholders already seeded"
    secretariat = User.objects.get(username="secretariat-1")
    ngo_user = User.objects.get(username="ngo-1")
    today = timezone.localdate()
    with transaction.atomic():
        eleventh = services.add_conference_session(
            number=11,
            title="eleventh session",
            starts_on=dt.date(2022, 10, 17),
            ends_on=dt.date(2022, 10, 21),
        )
        twelfth = services.add_conference_session(
            number=12,
            title="twelfth session",
            starts_on=today - dt.timedelta(days=400),
            ends_on=today - dt.timedelta(days=396),
        )
        profiles = {}
        for name, kind, ecosoc, state in ORGANISATIONS:
            organisation, _ = Organisation.objects.get_or_create(name=name, defaults={"kind": kind})
            slug = name.split(" (")[0].lower().replace(" ", "-").replace("'", "")
            profile, _ = StakeholderProfile.objects.get_or_create(
                organisation=organisation,
                defaults={
                    "email": f"{slug}@demo.sherloc.example",
                    "ecosoc_status": ecosoc,
                    "state": State.objects.filter(code=state).first() if state else None,
                },
            )
            profiles[name] = profile
            for session in (eleventh, twelfth):
                ObserverEntitlement.objects.get_or_create(profile=profile, session=session)

        def meeting(group, title, days, session):
            return services.create_meeting(
                by=secretariat,
                working_group=group,
                working_group_session=session,
                title=title,
                date=today + dt.timedelta(days=days),
                place="Vienna International Centre, Board Room D",
                agenda="1. Opening by the chair.\n2. Briefing by the secretariat on the review process.\n"
                "3. Inputs and suggestions of the observers.\n4. Closing.",
                president_request="Letter of the President of the Conference to the chair (demo)",
                chair="Chair of the working group (demo)",
            )

        victims = meeting(WorkingGroup.WG4, "Victims' voices in the review process (demo)", 5, "fifteenth meeting")
        firearms = meeting(WorkingGroup.WG6, "Firearms and civil society (demo)", -42, "eleventh meeting")
        migrants = meeting(WorkingGroup.WG7, "Smuggling of migrants: protection at sea (demo)", 49, "tenth meeting")
        for m in (victims, firearms, migrants):
            services.invite_all(meeting=m, by=secretariat)

    def invitation(m, name):
        return Invitation.objects.get(meeting=m, profile=profiles[name])

    # ngo-1 confirmed in time, and sent two comments then (P 52 (e))
    before = services.confirmation_deadline(victims) - dt.timedelta(days=3)
    ngo_invitation = services.confirm_attendance(invitation=invitation(victims, NGO_1), by=ngo_user, today=before)
    released = services.submit_comment(
        meeting=victims,
        by=ngo_user,
        invitation=ngo_invitation,
        language="en",
        today=before,
        text="Survivors should be consulted when the working group discusses assistance to victims; "
        "we offer the training material for labour inspectors that we prepared with the French Labour Ministry.",
    )
    # flagged (it names France), then released: it names a partner, not a country situation (P 52 (b))
    services.release_comment(
        comment=released, by=secretariat, reason="Names a partner of a training, not a specific country situation."
    )
    services.submit_comment(
        meeting=victims,
        by=ngo_user,
        invitation=ngo_invitation,
        language="en",
        today=before,
        text="In Mexico and among Nigerian victims we met, shelters lack funding.",
    )
    services.confirm_attendance(
        invitation=invitation(firearms, NGO_1), by=ngo_user, today=firearms.date - dt.timedelta(days=20)
    )
    # too late: the deadline has passed (P 52 (e))
    with contextlib.suppress(services.LateConfirmation):
        services.confirm_attendance(
            invitation=invitation(victims, "Coalition for Victims' Rights (demo)"), by=secretariat
        )
    # Austria objects to an NGO: on hold until the working group decides (P 52 (d))
    focal_point = User.objects.filter(username="fp-aut").first()
    if focal_point is not None:
        services.object_to_participation(
            invitation=invitation(victims, "Civil Society Firearms Forum (demo)"),
            state=State.objects.get(code="AUT"),
            reasons="The organization is not in consultative status on the subject of the meeting (demo).",
            by=focal_point,
        )
    services.write_summary(
        meeting=firearms,
        by=secretariat,
        language="en",
        text="The chair opened the meeting. The secretariat briefed the observers on the progress of the reviews "
        "under the Firearms Protocol. Observers suggested better record-keeping and the marking of firearms at "
        "import, and offered training for law enforcement. No specific country situation was mentioned.",
    )
    services.submit_activity_report(
        by=ngo_user,
        profile=profiles[NGO_1],
        title="Training of labour inspectors, 2025–2026 (demo)",
        body="Together we trained 240 labour inspectors to recognise indicators of trafficking for forced labour, "
        "following the recommendations of the working group on assistance to victims.",
        working_groups=[WorkingGroup.WG4],
        co_signers=[profiles["Coalition for Victims' Rights (demo)"]],
    )
    return "stakeholders: 3 informal meetings, 6 organisations invited, 1 objection pending, 2 comments, 1 summary"
