"""The world of the access tests (tests/access): built once per module, rolled back at its end.

Austria (AUT) went through the constructive dialogue, reviewed by France and Brazil for every instrument and by
Poland as additional reviewer for the Convention only (P 28); its list of observations is final (P 39) and its
final report's draft is shared with its reviewing States (P 38). A restricted CRP on Austria and a report tracked
in six languages are issued; Austria shared its documentation with Japan and Kenya asks for its dialogue (P 41);
an informal meeting (P 52) has the stakeholder's organisation invited and its comment released. Mexico (MEX)
drafts its responses. France, reviewing Austria, is itself under review (by Poland and Mexico): it submitted,
went through the dialogue and its list of observations is a draft; Brazil drafts its responses, a section given to
its expert. Every e-mail the world's events send (notices one by one and in a digest, reminders, activation links,
invitations) is kept in `w.outbox`. Unique markers (MARKERS in test_access_matrix.py) are planted in answers, files, feedback,
messages, the list, the report, the documents and the comment."""

import datetime as dt
import uuid
from contextlib import contextmanager

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

PERSONAS = {
    "alice": ("AUT", "FP"),
    "erin": ("AUT", "expert"),
    "carl": ("AUT", "contributor"),
    "olga": ("AUT", "observer"),
    "bob": ("FRA", "FP"),
    "bruno": ("BRA", "FP"),
    "bea": ("BRA", "expert"),
    "pia": ("POL", "FP"),
    "piotr": ("POL", "expert"),
    "charlie": ("KEN", "FP"),
    "sam": ("", "secretariat"),
    "otto": ("", "officer"),
    "ngo": ("", "stakeholder"),
    "anonymous": ("", "public"),
}


class World:
    pass


@contextmanager
def committed():
    """What the services inside queue for after their commit (notices, e-mails, PDFs: Celery runs eagerly in
    tests) runs at the end of the block, as a commit would run it, including what those tasks queue in turn.
    The world is one transaction that is rolled back, so nothing would run otherwise."""
    from django.db import connection

    start = len(connection.run_on_commit)
    try:
        yield
    finally:
        while len(connection.run_on_commit) > start:
            pending = connection.run_on_commit[start:]
            del connection.run_on_commit[start:]
            for _savepoints, callback, _robust in pending:
                callback()


def _law(title):
    from tests.responses.conftest import Form

    return Form(title=title, article="§ 1", link="https://example.org/law", text="")


def build_world() -> World:
    from lots.models import DrawingSession
    from questionnaires.models import Question
    from responses import services as responses
    from responses.models import Response
    from reviews import selectors, services
    from reviews.enums import ReviewStatus
    from reviews.models import CountryReview, Feedback
    from sherloc.accounts import services as accounts
    from sherloc.accounts.enums import Role
    from sherloc.registry.models import Instrument, State, WorkplanPhase
    from tests.factories import UserFactory, adopted_questionnaires, advance, confirmed_drawing, member

    w = World()
    untoc = Instrument.objects.get(code="UNTOC")
    states = {code: State.objects.get(code=code) for code in ["AUT", "FRA", "BRA", "POL", "KEN", "MEX", "JPN"]}
    users = {}
    for name, (code, role) in PERSONAS.items():
        if role == "public":
            continue
        user = UserFactory(username=f"m-{name}")
        if role == "FP":
            accounts.appoint_focal_point(state=states[code], user=user)
        elif role == "expert":
            member(user, Role.GOVERNMENTAL_EXPERT, state=states[code], instrument=untoc)
        elif role == "contributor":
            member(user, Role.NATIONAL_CONTRIBUTOR, state=states[code])
        elif role == "observer":
            member(user, Role.OBSERVER, state=states[code])
        else:
            member(
                user, {"secretariat": Role.SECRETARIAT, "officer": Role.CONFERENCE_OFFICER}.get(role, Role.STAKEHOLDER)
            )
        users[name] = user
    maria = UserFactory(username="m-maria")
    accounts.appoint_focal_point(state=states["MEX"], user=maria)
    w.users = users
    w.maria = maria
    w.adopted = adopted_questionnaires()
    w.questionnaire = w.adopted["UNTOC"]
    phase = WorkplanPhase.objects.get(number=1)
    confirmed_drawing(
        pairs={
            "AUT": ["FRA", "BRA", ("POL", "other_region", ["UNTOC"])],
            "MEX": ["JPN"],
            # Austria's reviewing States are under review themselves: France by Poland and Mexico, Brazil by
            # Japan and Mexico (so their users are requested against their own State's material too)
            "FRA": ["POL", "MEX"],
            "BRA": ["JPN", "MEX"],
        },
        groups={"AUT": 1, "MEX": 1, "FRA": 1, "BRA": 1},
        opened_by=users["sam"],
    )
    w.drawing = DrawingSession.objects.get(status="confirmed")
    # Brazil's focal point reads its notices in a daily digest (the others one e-mail each)
    from sherloc.notifications import services as notices

    notices.set_delivery(user=users["bruno"], delivery="daily")
    services.open_phase(phase=phase, year_group=1, by=users["sam"])
    review = CountryReview.objects.get(state=states["AUT"], phase=phase)
    people = {
        "alice": users["alice"],
        "bob": users["bob"],
        "bea": users["bea"],
        "sam": users["sam"],
        "fra": states["FRA"],
        "bra": states["BRA"],
    }
    review = advance(review, people, ReviewStatus.RESPONSES_DUE)
    # Austria's answers carry markers, in a Convention question and in a Firearms Protocol question (P 28)
    w.response = Response.objects.get(state=states["AUT"], phase=phase)
    law = {q: Question.objects.get(qid=q, questionnaire__in=w.adopted.values()) for q in ["untoc-5-legislation"]}
    law["firearms-5-legislation"] = Question.objects.get(
        qid="firearms-5-legislation", questionnaire=w.adopted["FIREARMS"]
    )
    alice = users["alice"]
    responses.save_answer(
        response=w.response,
        question=law["untoc-5-legislation"],
        data=_law("zqxAUTuntocLAW"),
        expected_version=0,
        by=alice,
    )
    responses.save_answer(
        response=w.response,
        question=law["firearms-5-legislation"],
        data=_law("zqxAUTfirearmsLAW"),
        expected_version=0,
        by=alice,
    )
    files_q = Question.objects.get(qid="t-5-files", questionnaire=w.questionnaire)
    w.question = law["untoc-5-legislation"]
    w.response_file = responses.add_attachment(
        response=w.response,
        question=files_q,
        upload=SimpleUploadedFile("case.pdf", b"%PDF-1.4 zqxAUTresponseFILE"),
        by=alice,
    )
    w.section = w.response.sections.get(questionnaire=w.questionnaire)
    review = advance(review, people, ReviewStatus.DIALOGUE)
    w.review = review
    # Mexico drafts its responses: nothing of it is anyone's but Mexico's
    w.mex_review = CountryReview.objects.get(state=states["MEX"], phase=phase)
    w.mex_response = responses.open_response(
        state=states["MEX"], phase=phase, language="en", deadline=timezone.localdate() + dt.timedelta(days=90), by=maria
    )
    responses.save_answer(
        response=w.mex_response, question=w.question, data=_law("zqxMEXdraftLAW"), expected_version=0, by=maria
    )
    w.mex_file = responses.add_attachment(
        response=w.mex_response,
        question=files_q,
        upload=SimpleUploadedFile("draft.pdf", b"%PDF-1.4 zqxMEXdraftFILE"),
        by=maria,
    )
    w.mex_section = w.mex_response.sections.get(questionnaire=w.questionnaire)
    # feedback and dialogue, on a Convention article and on a Firearms Protocol article
    articles = selectors.articles_in_scope(review)
    untoc_article = next(a for a in articles if a.instrument.code == "UNTOC")
    firearms_article = next(a for a in articles if a.instrument.code == "FIREARMS")
    Feedback.objects.filter(review=review, article=untoc_article).update(measures="zqxAUTuntocFEEDBACK")
    Feedback.objects.filter(review=review, article=firearms_article).update(measures="zqxAUTfirearmsFEEDBACK")
    bob = users["bob"]
    w.general = services.general_thread(review)
    message, _ = services.post_message(
        w.general,
        by=bob,
        body="zqxAUTgeneralMESSAGE",
        idempotency_key=uuid.uuid4(),
        files=[SimpleUploadedFile("minutes.txt", b"zqxAUTgeneralFILE")],
    )
    w.general_file = message.attachments.get()
    w.firearms_thread = services.open_article_thread(review, article=firearms_article, by=bob)
    message, _ = services.post_message(
        w.firearms_thread,
        by=bob,
        body="zqxAUTfirearmsMESSAGE",
        idempotency_key=uuid.uuid4(),
        files=[SimpleUploadedFile("firearms.txt", b"zqxAUTfirearmsFILE")],
    )
    w.firearms_file = message.attachments.get()
    people["bruno"] = users["bruno"]
    _outcomes(w, review, people, users)
    _france(w, users, states, phase, files_q)
    _brazil(w, users, states, phase, files_q)
    _documents(w, users, states)
    _meetings(w, users)
    _disclosure(w, users, states, phase)
    return w


def _outcomes(w, review, people, users):
    """Austria's review walks on to its list of observations, agreed by every party (P 37, P 39), and the
    secretariat drafts Austria's final report, shared with the reviewing States on request (P 38)."""
    from observations import services as outcomes
    from reviews.enums import ReviewStatus
    from reviews.selectors import articles_in_scope
    from tests.factories import advance

    review = advance(review, people, ReviewStatus.OBSERVATIONS)
    item = {"kind": "gap", "text": "zqxAUTfinalLIST", "articles": [articles_in_scope(review)[0].pk]}
    need = {
        "kind": "assistance",
        "text": "Training of prosecutors is needed.",
        "articles": [articles_in_scope(review)[0].pk],
    }
    version = outcomes.save_list(review=review, items=[item, need], by=users["bob"])
    for name in ("alice", "bob", "bruno", "pia"):
        outcomes.agree_list(review=review, version_number=version.number, by=users[name])
    review.refresh_from_db()
    w.review = review
    # the final list's technical-assistance need, tracked for follow-up (P 44, P 45), with a request for assistance
    from followup import services as followup
    from followup.models import Need

    w.need = Need.objects.get(observation_list__review=review)
    w.assistance = followup.request_assistance(need=w.need, text="Assistance asked for.", by=users["alice"])
    blueprint = outcomes.current_blueprint()
    if blueprint is None:
        blueprint = outcomes.save_blueprint(
            sections=[{"key": "introduction", "title": "Introduction", "guidance": ""}], by=users["sam"]
        )
    w.report = outcomes.start_report(state=review.state, by=users["sam"])
    outcomes.save_report(
        report=w.report, texts={s["key"]: "zqxAUTdraftREPORT" for s in w.report.blueprint.sections}, by=users["sam"]
    )
    outcomes.request_draft(report=w.report, by=users["alice"])
    w.report = outcomes.share_draft(report=w.report, by=users["sam"])


def _documents(w, users, states):
    """A restricted conference room paper on Austria, and a report tracked in six languages and issued; the
    paper and the report's English original are rendered and published (their readers download them)."""
    from documents import services as documents
    from documents.enums import VersionStatus
    from documents.sources import TypedSource

    crp = TypedSource(title="zqxAUTcrpTITLE", language="en", text="zqxAUTcrpTEXT", state=states["AUT"], restricted=True)
    with committed():  # its PDF is rendered once the issuing commits
        w.crp = documents.issue_crp(source=crp, working_groups=["WG.3"], session="Thirteenth session", by=users["sam"])
    w.crp_version = documents.move_on(version=w.crp.versions.get(), to=VersionStatus.PUBLISHED, by=users["sam"])
    # restricted, as a final report's source is by default (observations/models.py)
    report = TypedSource(
        title="zqxAUTissuedREPORT", language="en", text="zqxAUTissuedREPORT", state=states["AUT"], restricted=True
    )
    with committed():
        w.report_document = documents.track_translations(source=report, by=users["sam"])
    w.report_document = documents.issue(document=w.report_document, by=users["sam"], session="Thirteenth session")
    w.report_version = w.report_document.versions.get(language="fr")  # still to be translated
    # the English original, rendered and published: the one its readers download
    w.report_original = documents.move_on(
        version=w.report_document.versions.get(language="en"), to=VersionStatus.PUBLISHED, by=users["sam"]
    )


def _meetings(w, users):
    """An informal meeting (P 52) to which the stakeholder's organisation is invited; its comment, released by
    the secretariat, circulates (P 52 (b))."""
    from sherloc.accounts.enums import OrganisationKind, Role
    from sherloc.accounts.models import Organisation
    from stakeholders import services as meetings
    from stakeholders.enums import WorkingGroup
    from stakeholders.models import ObserverEntitlement, StakeholderProfile

    today = timezone.localdate()
    session = meetings.add_conference_session(
        number=11,
        title="eleventh session",
        starts_on=today - dt.timedelta(days=300),
        ends_on=today - dt.timedelta(days=296),
    )
    organisation = Organisation.objects.create(name="Matrix Alliance", kind=OrganisationKind.NGO)
    profile = StakeholderProfile.objects.create(organisation=organisation, email="matrix@example.org")
    ObserverEntitlement.objects.create(profile=profile, session=session)
    users["ngo"].memberships.filter(role=Role.STAKEHOLDER).update(organisation=organisation)
    sam = users["sam"]
    w.meeting = meetings.create_meeting(
        by=sam,
        working_group=WorkingGroup.WG4,
        working_group_session="fifteenth meeting",
        title="Victims' voices",
        date=today + dt.timedelta(days=30),
        place="Vienna",
        agenda="1. Opening",
        president_request="Letter of the President",
        chair="The chair",
    )
    with committed():  # the invitations are e-mailed once this commits
        meetings.invite_all(meeting=w.meeting, by=sam)
    w.invitation = w.meeting.invitations.get()
    w.invitation = meetings.confirm_attendance(invitation=w.invitation, by=users["ngo"])
    w.comment = meetings.submit_comment(
        meeting=w.meeting,
        by=users["ngo"],
        text="zqxNGOreleasedCOMMENT: Austria collects no data on victims.",
        language="en",
        invitation=w.invitation,
        upload=SimpleUploadedFile("comment.txt", b"zqxNGOcommentFILE"),
    )
    w.comment = meetings.release_comment(comment=w.comment, by=sam)
    # Austria objected to the organisation; the working group dismissed the objection (P 52 (d))
    objection = meetings.object_to_participation(
        invitation=w.invitation, state=users["alice"].memberships.get().state, reasons="Reasons.", by=users["alice"]
    )
    w.objection = meetings.decide_objection(objection=objection, upheld=False, decision="Dismissed.", by=sam)
    w.briefing = meetings.add_briefing(
        meeting=w.meeting, upload=SimpleUploadedFile("briefing.txt", b"zqxMEETINGbriefing"), by=sam
    )


def _disclosure(w, users, states, phase):
    """Austria shares its documentation with Japan (not a persona: no cell of the table opens) and Kenya asks
    Austria for its dialogue (P 41)."""
    from disclosure import services as disclosure
    from disclosure.enums import Audience, Material

    w.disclosure = disclosure.disclose(
        state=states["AUT"],
        phase=phase,
        material=Material.DOCUMENTATION,
        audience=Audience.STATE,
        to_state=states["JPN"],
        by=users["alice"],
    )[0]
    w.disclosure_request = disclosure.ask(
        state=states["AUT"],
        phase=phase,
        material=Material.DIALOGUE,
        requesting_state=states["KEN"],
        by=users["charlie"],
        reason="Kenya asks for the dialogue.",
    )
    w.public_use = disclosure.ask_public_use(state=states["AUT"], phase=phase, scope="TA needs", by=users["alice"])


def _france(w, users, states, phase, files_q):
    """France's own review (P 28: reviewed by Poland and Mexico): France submits, the reviewers send their
    feedback, a message with an attachment is posted in the general thread, and the list of observations is a
    draft that France alone agreed to (P 39: not final)."""
    from observations import services as outcomes
    from responses import services as responses
    from responses.models import Response
    from reviews import selectors, services
    from reviews.enums import ReviewStatus
    from reviews.models import CountryReview, Feedback
    from tests.reviews.conftest import advance

    bob, pia = users["bob"], users["pia"]
    people = {
        "alice": bob,  # the State under review's focal point
        "bob": pia,  # a reviewing State's focal point (Poland)
        "bea": w.maria,  # the other reviewing State (Mexico)
        "sam": users["sam"],
        "fra": states["POL"],
        "bra": states["MEX"],
    }
    review = CountryReview.objects.get(state=states["FRA"], phase=phase)
    review = advance(review, people, ReviewStatus.RESPONSES_DUE)
    w.fra_response = Response.objects.get(state=states["FRA"], phase=phase)
    responses.save_answer(
        response=w.fra_response, question=w.question, data=_law("zqxFRAuntocLAW"), expected_version=0, by=bob
    )
    w.fra_file = responses.add_attachment(
        response=w.fra_response,
        question=files_q,
        upload=SimpleUploadedFile("dossier.pdf", b"%PDF-1.4 zqxFRAresponseFILE"),
        by=bob,
    )
    w.fra_section = w.fra_response.sections.get(questionnaire=w.questionnaire)
    review = advance(review, people, ReviewStatus.DIALOGUE)
    untoc_article = next(a for a in selectors.articles_in_scope(review) if a.instrument.code == "UNTOC")
    Feedback.objects.filter(review=review, article=untoc_article).update(measures="zqxFRAuntocFEEDBACK")
    w.fra_general = services.general_thread(review)
    message, _ = services.post_message(
        w.fra_general,
        by=pia,
        body="zqxFRAgeneralMESSAGE",
        idempotency_key=uuid.uuid4(),
        files=[SimpleUploadedFile("notes.txt", b"zqxFRAgeneralFILE")],
    )
    w.fra_general_file = message.attachments.get()
    review = advance(review, people, ReviewStatus.OBSERVATIONS)
    item = {"kind": "gap", "text": "zqxFRAdraftLIST", "articles": [untoc_article.pk]}
    version = outcomes.save_list(review=review, items=[item], by=pia)
    outcomes.agree_list(review=review, version_number=version.number, by=bob)
    review.refresh_from_db()
    w.fra_review = review


def _brazil(w, users, states, phase, files_q):
    """Brazil drafts its responses; its focal point gives a section to its expert (P 22)."""
    from responses import services as responses
    from reviews.models import CountryReview

    bruno = users["bruno"]
    w.bra_review = CountryReview.objects.get(state=states["BRA"], phase=phase)
    w.bra_response = responses.open_response(
        state=states["BRA"], phase=phase, language="en", deadline=timezone.localdate() + dt.timedelta(days=60), by=bruno
    )
    responses.save_answer(
        response=w.bra_response, question=w.question, data=_law("zqxBRAdraftLAW"), expected_version=0, by=bruno
    )
    w.bra_file = responses.add_attachment(
        response=w.bra_response,
        question=files_q,
        upload=SimpleUploadedFile("projet.pdf", b"%PDF-1.4 zqxBRAdraftFILE"),
        by=bruno,
    )
    w.bra_section = w.bra_response.sections.get(questionnaire=w.questionnaire)
    responses.assign_section(section=w.bra_section, users=[users["bea"]], by=bruno)


def send_the_worlds_emails(w) -> None:
    """What the world's beat and nominations send: every deadline reminder from the phase's opening to past
    the last deadline (send_due_reminders, day by day at each step), the daily digest, and an activation link
    for a nominee of France. Run after build_world, with the e-mails of its events already in the outbox."""
    from django.conf import settings
    from django.urls import reverse

    from reviews.models import Deadline
    from reviews.services.reminders import reminder_steps, send_due_reminders
    from sherloc.accounts import services as accounts
    from sherloc.accounts import tasks as account_tasks
    from sherloc.accounts.enums import Role
    from sherloc.notifications.services import send_daily_digests

    dues = set(Deadline.objects.values_list("due", flat=True))
    dues |= {r.deadline for r in (w.response, w.mex_response, w.fra_response, w.bra_response) if r.deadline}
    steps = [*reminder_steps(), -1]
    for day in sorted({due - dt.timedelta(days=n) for due in dues for n in steps}):
        send_due_reminders(today=day)
    send_daily_digests()
    nomination, token = accounts.register_nomination(
        state=w.fra_review.state,
        role=Role.NATIONAL_CONTRIBUTOR,
        full_name="Nadia Nominee",
        email="nadia@example.org",
        note_verbale_reference="NV/2026/1",
        note_verbale_date=timezone.localdate(),
        note_verbale_scan=SimpleUploadedFile("nv.pdf", b"%PDF-1.4 note verbale"),
        registered_by=w.users["sam"],
    )
    url = settings.PORTAL_URL.rstrip("/") + reverse("accounts:activate", args=[token])
    account_tasks.send_activation_email.delay(nomination.user_id, url)
