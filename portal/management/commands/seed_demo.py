"""A demo world: a handful of States in several regional groups, with users of every role.

Contract relied on by checks outside the code: usernames fp-<iso3>, expert-<iso3>,
contrib-<iso3>, secretariat-1, officer-1, ngo-1; password DEMO_PASSWORD; TOTP secret
DEMO_TOTP_SECRET for every demo user.
"""

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from lots import selectors as lots_selectors
from lots import services as lots_services
from portal.demo.disclosure import seed_disclosure_demo
from portal.demo.documents import seed_documents_demo
from portal.demo.followup import seed_followup_demo
from portal.demo.observations import seed_observations_demo
from portal.demo.responses import seed_responses_demo
from portal.demo.reviews import seed_reviews_demo
from portal.demo.stakeholders import seed_stakeholders_demo
from questionnaires import services as questionnaire_services
from questionnaires.definitions import parse
from questionnaires.selectors import in_force
from sherloc.accounts import services as account_services
from sherloc.accounts.enums import DutyStation, OrganisationKind, Role
from sherloc.accounts.models import Membership, Organisation, PermanentRepresentative
from sherloc.registry.models import Instrument, State
from sherloc.registry.selectors import parties_to, states_with_status

# Two States per regional group, alphabetical within each.
DEMO_STATES = ["NGA", "ZAF", "IDN", "JPN", "POL", "ROU", "BRA", "MEX", "AUT", "FRA"]
STARTING_QUESTIONNAIRE = "Starting questionnaire shipped with the portal (not a text of the Conference)"
# The announced seed of the demo drawing of lots.
DEMO_SEED = "5eed2026"
# A State with no focal point: its communications go to its permanent representative (P 17).
TEMPORARY_FOCAL_POINT_STATE = ("CHL", DutyStation.GENEVA, "Permanent Mission of Chile, Geneva")


class Command(BaseCommand):
    help = "Create the demo world (refused when DEBUG is off, unless --force)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    def handle(self, *args, force, **options):
        User = get_user_model()
        if not settings.DEBUG and not force:
            raise CommandError("seed_demo creates users with a known password: refused with DEBUG off (use --force).")
        if not State.objects.exists():
            call_command("load_reference", stdout=self.stdout)
        with transaction.atomic():
            users = self.seed_people()
            drawing = self.seed_drawing(User.objects.get(username="secretariat-1"))
            questionnaires = self.seed_questionnaires()
            responses = seed_responses_demo()
        self.stdout.write(seed_reviews_demo())
        self.stdout.write(seed_observations_demo())
        self.stdout.write(self.seed_disclosure())
        self.stdout.write(seed_stakeholders_demo())
        self.stdout.write(seed_documents_demo())
        self.stdout.write(self.seed_outcome_documents())
        self.stdout.write(seed_followup_demo())
        self.stdout.write(
            f"Demo world ready: {len(users)} users; {drawing}; {questionnaires}; {responses}. "
            "Password: DEMO_PASSWORD; TOTP secret: DEMO_TOTP_SECRET."
        )

    def seed_outcome_documents(self):
        """Austria's final list issued as a CRP (P 37, P 43); its final report in translation, three languages
        received and three in translation (P 40). Both through the documents services, as the pages do."""
        from documents import selectors as documents
        from documents import services as document_services
        from documents.enums import DocumentKind, VersionStatus
        from observations.models import FinalReport, ObservationList

        sam = get_user_model().objects.get(username="secretariat-1")
        done = []
        final = ObservationList.objects.filter(review__state__code="AUT", final_version__isnull=False).first()
        if final is not None and DocumentKind.CRP not in documents.documents_of(final):
            crp = document_services.issue_crp(
                source=final,
                working_groups=["WG.4", "WG.7"],
                session="Working Group on Trafficking in Persons, sixteenth session (demo)",
                by=sam,
            )
            done.append(f"Austria's list of observations issued as {crp.symbol}")
        report = FinalReport.objects.filter(state__code="AUT").first()
        if report is not None and report.is_final and DocumentKind.REPORT not in documents.documents_of(report):
            document = document_services.track_translations(source=report, by=sam)
            versions = {v.language: v for v in document.versions.all()}
            for language in ("fr", "es"):
                document_services.type_version(
                    version=versions[language],
                    text=f"{report.document_title()} ({language}): the translation received from the translation service.",
                    by=sam,
                )
            for language in ("ar", "ru", "zh-hans"):
                document_services.move_on(version=versions[language], to=VersionStatus.IN_TRANSLATION, by=sam)
            done.append("Austria's final report: three languages received, three in translation")
        from stakeholders.models import Summary

        for summary in Summary.objects.select_related("meeting").order_by("meeting__date"):
            if DocumentKind.CRP not in documents.documents_of(summary):
                crp = document_services.issue_crp(
                    source=summary,
                    working_groups=[summary.meeting.working_group],
                    session=summary.meeting.working_group_session,
                    by=sam,
                )
                done.append(f"the summary of a stakeholders' meeting issued as {crp.symbol}")
        return "outcome documents: " + ("; ".join(done) or "already issued, or nothing final")

    def seed_disclosure(self):
        """The first demo State (alphabetical) with a submission decides on its material (P 41, P 42)."""
        from responses.models import Snapshot
        from reviews import permissions as review_permissions
        from reviews.models import CountryReview

        submissions, seen = [], set()
        shots = Snapshot.objects.select_related("response__state", "response__phase").order_by(
            "response__state__name", "-number"
        )
        for shot in shots:
            response = shot.response
            if response.state_id not in seen and shot.content["sections"]:
                seen.add(response.state_id)
                first = shot.content["sections"][0]
                submissions.append((response.state, response.phase, (first["instrument"], first["instrument_name"])))

        def parties_of(state, phase):
            return review_permissions.party_ids(CountryReview.objects.get(state=state, phase=phase))

        return seed_disclosure_demo(submissions=submissions, parties_of=parties_of)

    def seed_questionnaires(self):
        """The shipped starting questionnaires (data/questionnaires), adopted, where none is."""
        adopted = []
        for path in sorted((settings.BASE_DIR / "data" / "questionnaires").glob("*.json")):
            data = parse(path.read_text(encoding="utf-8"))
            if in_force(data["instrument"]) is None:
                questionnaire, _ = questionnaire_services.import_definition(data)
                questionnaire_services.adopt(questionnaire, decision_reference=STARTING_QUESTIONNAIRE)
                adopted.append(data["instrument"])
        return f"starting questionnaires adopted: {', '.join(adopted) or 'none needed'}"

    def seed_drawing(self, secretariat):
        """A confirmed drawing of lots for every State subject to review (P 16, P 28)."""
        confirmed = lots_selectors.the_confirmed_drawing()
        if confirmed:
            return f"drawing of lots already confirmed ({confirmed})"
        session = lots_services.open_session(
            meeting="Joint intersessional meeting of the working groups (demo)",
            meeting_date=dt.date(2026, 6, 1),
            seed=DEMO_SEED,
            opened_by=secretariat,
        )
        lots_services.run_selection(session=session, user=secretariat)
        lots_services.draw_remaining(session=session, user=secretariat)
        count = lots_services.confirm_session(session=session, user=secretariat)
        return f"drawing of lots confirmed with seed {DEMO_SEED}: {count} reviewing assignments"

    def seed_people(self):
        password = make_password(settings.DEMO_PASSWORD)  # hash once: it is slow on purpose
        User = get_user_model()
        users = []

        def person(username, first, last):
            user, _ = User.objects.get_or_create(
                username=username,
                defaults={"first_name": first, "last_name": last, "email": f"{username}@demo.sherloc.example"},
            )
            user.password = password
            user.is_active = True
            user.save(update_fields=["password", "is_active"])
            account_services.set_totp_secret(user=user, base32_secret=settings.DEMO_TOTP_SECRET)
            users.append(user)
            return user

        def member(user, role, **kwargs):
            if not Membership.objects.active().filter(user=user, role=role, **kwargs).exists():
                account_services.grant_membership(user=user, role=role, **kwargs)

        unodc, _ = Organisation.objects.get_or_create(
            name="UNODC secretariat", defaults={"kind": OrganisationKind.UNODC}
        )
        conference, _ = Organisation.objects.get_or_create(
            name="Conference services", defaults={"kind": OrganisationKind.CONFERENCE}
        )
        ngo, _ = Organisation.objects.get_or_create(
            name="Global Alliance against Trafficking (demo)", defaults={"kind": OrganisationKind.NGO}
        )
        member(person("secretariat-1", "Sam", "Secretariat"), Role.SECRETARIAT, organisation=unodc)
        member(person("officer-1", "Olga", "Officer"), Role.CONFERENCE_OFFICER, organisation=conference)
        member(person("ngo-1", "Nadia", "Stakeholder"), Role.STAKEHOLDER, organisation=ngo)

        instruments = {i.code: i for i in Instrument.objects.filter(under_mechanism=True)}
        for state in states_with_status().filter(code__in=DEMO_STATES):
            code = state.code.lower()
            focal = person(f"fp-{code}", "Focal point", state.name)
            if not Membership.objects.active().filter(state=state, role=Role.FOCAL_POINT, user=focal).exists():
                account_services.appoint_focal_point(state=state, user=focal)
            expert = person(f"expert-{code}", "Expert", state.name)
            for instrument_code in sorted(parties_to(state) & set(instruments)):
                member(expert, Role.GOVERNMENTAL_EXPERT, state=state, instrument=instruments[instrument_code])
            member(person(f"contrib-{code}", "Contributor", state.name), Role.NATIONAL_CONTRIBUTOR, state=state)

        code, station, name = TEMPORARY_FOCAL_POINT_STATE
        PermanentRepresentative.objects.get_or_create(
            state=State.objects.get(code=code),
            duty_station=station,
            defaults={"name": name, "email": f"mission-{code.lower()}-{station}@demo.sherloc.example"},
        )
        return users
