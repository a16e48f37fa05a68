"""Every URL pattern of the portal, classified once (issue 10, item 13). A pattern missing here fails
tests/access/test_access_matrix.py with its name: a new page is classified before it ships.

- PUBLIC: open without signing in.
- SIGNED_IN: any signed-in user with a second factor; shows nothing of a State's confidential material
  (or only the user's own: profile, notices — checked by the links and markers of the matrix).
- Confidential(material, targets, ...): `material` is a row of the table in docs/access-policy.md; the
  matrix requests the URL as every column of that table and asserts the cell's answer.
  `targets(world)` gives (State code, args, beyond[, material]) for each object to request: beyond=True marks
  an object of an instrument an additional reviewer was not drawn for (P 28); `material` overrides the row. `write=True`: the URL changes material
  (a POST target, or a page whose use depends on the stage); the matrix asserts the refusals only.
"""

from dataclasses import dataclass, field

PUBLIC = "public"
SIGNED_IN = "signed-in any"


@dataclass(frozen=True)
class Confidential:
    material: str
    targets: object  # world -> list[tuple[str, list, bool]]
    method: str = "GET"
    write: bool = False
    shown: tuple[int, ...] = (200,)
    data: dict = field(default_factory=dict)
    # only the refusals are asserted: the world cannot give the allowed side a real object (say why)
    refusals_only: str = ""


def _review(w):
    # Austria's and France's reviews went through the dialogue; Brazil's and Mexico's are scheduled
    return [
        ("AUT", [w.review.pk], False),
        ("MEX", [w.mex_review.pk], False),
        ("FRA", [w.fra_review.pk], False),
        ("BRA", [w.bra_review.pk], False),
    ]


def _thread(w):
    return [("AUT", [w.general.pk], False), ("AUT", [w.firearms_thread.pk], True), ("FRA", [w.fra_general.pk], False)]


def _attachment(w):
    return [
        ("AUT", [w.general_file.pk], False),
        ("AUT", [w.firearms_file.pk], True),
        ("FRA", [w.fra_general_file.pk], False),
    ]


def _response(w):
    return [
        ("AUT", [w.response.pk], False),
        ("MEX", [w.mex_response.pk], False),
        ("FRA", [w.fra_response.pk], False),
        ("BRA", [w.bra_response.pk], False),
    ]


def _section(w):
    return [
        ("AUT", [w.response.pk, w.section.pk], False),
        ("MEX", [w.mex_response.pk, w.mex_section.pk], False),
        ("FRA", [w.fra_response.pk, w.fra_section.pk], False),
        ("BRA", [w.bra_response.pk, w.bra_section.pk], False),
    ]


def _answer(w):
    return [
        ("AUT", [w.response.pk, w.question.pk], False),
        ("MEX", [w.mex_response.pk, w.question.pk], False),
        ("BRA", [w.bra_response.pk, w.question.pk], False),
    ]


def _response_file(w):
    return [
        ("AUT", [w.response.pk, w.response_file.pk], False),
        ("MEX", [w.mex_response.pk, w.mex_file.pk], False),
        ("BRA", [w.bra_response.pk, w.bra_file.pk], False),
    ]


def _file_read(w):
    # Austria's file was submitted (its readers are the submission's); Mexico's is still in the draft
    return [
        ("AUT", [w.response.pk, w.response_file.pk], False, "Submission"),
        ("MEX", [w.mex_response.pk, w.mex_file.pk], False, "Response draft"),
        ("FRA", [w.fra_response.pk, w.fra_file.pk], False, "Submission"),
        ("BRA", [w.bra_response.pk, w.bra_file.pk], False, "Response draft"),
    ]


def _response_read(w):
    # Austria's response was submitted: its State reads the draft page, the submission's readers are sent to it
    return [
        ("AUT", [w.response.pk], False, "Submission"),
        ("MEX", [w.mex_response.pk], False, "Response draft"),
        ("FRA", [w.fra_response.pk], False, "Submission"),
        ("BRA", [w.bra_response.pk], False, "Response draft"),
    ]


def _snapshot(w):
    return [("AUT", [w.response.pk, 1], False), ("FRA", [w.fra_response.pk, 1], False)]


def _pdf(w):
    # the PDF holds every instrument: beyond what an additional reviewer was drawn for (P 28)
    # (Poland reviews France for every instrument: France's PDF is within its instruments)
    return [("AUT", [w.response.pk, 1], True), ("FRA", [w.fra_response.pk, 1], False)]


def _state_code(w):
    return [("AUT", ["AUT"], False), ("MEX", ["MEX"], False), ("FRA", ["FRA"], False), ("BRA", ["BRA"], False)]


def _none(w):
    return [("", [], False)]


def _aut(*args_of):
    return lambda w: [("AUT", [f(w) for f in args_of], False)]


def _list(w):
    # Austria's list is final (agreed by every party, P 39); Mexico's review has not reached its list
    return [
        ("AUT", [w.review.pk], False, "List of observations, final"),
        ("MEX", [w.mex_review.pk], False, "List of observations, draft"),
        # France's list is a draft (France alone agreed to it): its parties read and write it
        ("FRA", [w.fra_review.pk], False, "List of observations, draft"),
    ]


def _list_write(w):
    return [
        ("AUT", [w.review.pk], False, "List of observations, final"),
        ("MEX", [w.mex_review.pk], False),
        ("FRA", [w.fra_review.pk], False),
    ]


def _report(w):
    # Austria's draft, shared with its reviewing States on request (P 38); Mexico has none
    return [("AUT", ["AUT"], False), ("MEX", ["MEX"], False)]


def _phase(w):
    return [("AUT", ["AUT", 1], False), ("MEX", ["MEX", 1], False), ("FRA", ["FRA", 1], False)]


def _dialogue_phase(w):
    return [("AUT", ["AUT", 1], False, "Dialogue message"), ("MEX", ["MEX", 1], False, "Dialogue message")]


MEETING = "Stakeholder comment"
DISCLOSURE = "Disclosure decision"
DOCUMENTS = "Documents' issuing and translations"

AGGREGATES = "Aggregates (counts of States, small counts withheld)"

URLS = {
    # the portal, signing in, languages
    "portal:home": PUBLIC,
    "portal:signed_in": SIGNED_IN,
    "healthz": PUBLIC,
    "set_language": PUBLIC,
    "accounts:login": PUBLIC,
    "accounts:logout": PUBLIC,
    "accounts:verify": PUBLIC,  # the second step of signing in
    "accounts:activate": PUBLIC,
    "accounts:new_link": PUBLIC,
    "accounts:enrol": SIGNED_IN,
    "accounts:backup_codes": SIGNED_IN,
    "accounts:profile": SIGNED_IN,
    "accounts:directory": Confidential("Directory entry", _none),
    "accounts:nominate": Confidential("Secretariat's tools", _none),
    # reference data, open to every signed-in user; changed by the secretariat (refused to others: 404)
    "registry:states": SIGNED_IN,
    "registry:state": SIGNED_IN,
    "registry:import": Confidential("Secretariat's tools", _none),
    "registry:table_one": SIGNED_IN,
    "registry:workplan": SIGNED_IN,
    "lots:index": SIGNED_IN,
    "lots:session": Confidential(
        "Secretariat's tools",
        lambda w: [("", [w.drawing.pk], False)],
    ),
    "lots:log": Confidential(
        "Secretariat's tools",
        lambda w: [("", [w.drawing.pk], False)],
    ),
    "lots:action": Confidential(
        "Secretariat's tools", lambda w: [("", [w.drawing.pk, "confirm"], False)], method="POST", write=True
    ),
    "questionnaires:index": SIGNED_IN,
    "questionnaires:instrument": SIGNED_IN,
    "questionnaires:cluster": SIGNED_IN,
    "questionnaires:definitions": Confidential("Secretariat's tools", _none),
    "questionnaires:version": Confidential("Secretariat's tools", lambda w: [("", [w.questionnaire.pk], False)]),
    "questionnaires:new_version": Confidential(
        "Secretariat's tools", lambda w: [("", [w.questionnaire.pk], False)], method="POST", write=True
    ),
    "questionnaires:finalise": Confidential(
        "Secretariat's tools", lambda w: [("", [w.questionnaire.pk], False)], method="POST", write=True
    ),
    "questionnaires:adopt": Confidential(
        "Secretariat's tools", lambda w: [("", [w.questionnaire.pk], False)], method="POST", write=True
    ),
    "questionnaires:question_add": Confidential(
        "Secretariat's tools", lambda w: [("", [w.questionnaire.pk], False)], method="POST", write=True
    ),
    "questionnaires:question_edit": Confidential(
        "Secretariat's tools", lambda w: [("", [w.questionnaire.pk, "untoc-5-measures"], False)], write=True
    ),
    "questionnaires:question_delete": Confidential(
        "Secretariat's tools",
        lambda w: [("", [w.questionnaire.pk, "untoc-5-measures"], False)],
        method="POST",
        write=True,
    ),
    "questionnaires:question_move": Confidential(
        "Secretariat's tools",
        lambda w: [("", [w.questionnaire.pk, "untoc-5-measures"], False)],
        method="POST",
        write=True,
    ),
    # notices: the user's own
    "notifications:list": SIGNED_IN,
    "notifications:preferences": SIGNED_IN,
    "notifications:follow": Confidential("Secretariat's tools", _none, method="POST", write=True),
    # responses (P 19, P 22, P 41)
    "responses:index": SIGNED_IN,
    "responses:detail": Confidential("Response draft", _response_read, shown=(200, 302)),
    "responses:section": Confidential("Response draft", _section),
    "responses:assign": Confidential("Response draft", _section, method="POST", write=True),
    "responses:save_answer": Confidential("Response draft", _answer, method="POST", write=True),
    "responses:upload": Confidential("Response draft", _answer, method="POST", write=True),
    "responses:attachment": Confidential("Response draft", _file_read),
    "responses:remove_attachment": Confidential("Response draft", _response_file, method="POST", write=True),
    "responses:reuse_earlier": Confidential("Response draft", _response, method="POST", write=True),
    "responses:reuse_uncac": Confidential("Response draft", _response, write=True),
    "responses:submit": Confidential("Response draft", _response, method="POST", write=True),
    "responses:reopen": Confidential("Submission", _response, method="POST", write=True),
    "responses:deadline": Confidential("Submission", _response, method="POST", write=True),
    "responses:snapshot": Confidential("Submission", _snapshot),
    "responses:snapshot_pdf": Confidential("Submission", _pdf),
    # country reviews (P 25–P 39)
    "reviews:dashboard": SIGNED_IN,
    "reviews:overview": Confidential("Secretariat's tools", _none),
    "reviews:public": PUBLIC,
    "reviews:phases": Confidential("Secretariat's tools", _none),
    "reviews:detail": Confidential("Review record", _review),
    "reviews:transition": Confidential(
        "Review record", lambda w: [(s, [*a, "observations"], b) for s, a, b in _review(w)], method="POST", write=True
    ),
    "reviews:consultations": Confidential("Review record", _review),
    "reviews:allocation": Confidential("Review record", _review),
    "reviews:feedback": Confidential("Written feedback", _review),
    # the reviewer's path: the submission beside the feedback, for the parties and the secretariat
    "reviews:submission": Confidential("Written feedback", _review),
    "reviews:dialogue": Confidential("Dialogue message", _review, shown=(302,)),
    "reviews:article_thread": Confidential(
        "Dialogue message", _review, method="POST", write=True, data={"article": "1"}
    ),
    "reviews:thread": Confidential("Dialogue message", _thread),
    "reviews:attachment": Confidential("Dialogue attachment", _attachment),
    "reviews:disclose": Confidential(DISCLOSURE, lambda w: [("AUT", [w.review.pk], False)], method="POST", write=True),
    "reviews:shared": Confidential("Dialogue message", _phase, shown=(302,)),
    "reviews:shared_attachment": Confidential("Dialogue attachment", _attachment),
    "responses:disclose": Confidential(
        DISCLOSURE, lambda w: [("AUT", [w.response.pk], False)], method="POST", write=True
    ),
    "responses:shared": Confidential("Submission", lambda w: [("AUT", ["AUT", 1], False)], shown=(302,)),
    # lists of observations and final reports (P 37–P 39)
    "observations:list": Confidential("List of observations, draft", _list),
    "observations:list_edit": Confidential("List of observations, draft", _list_write, write=True),
    "observations:list_agree": Confidential(
        "List of observations, draft", _list_write, method="POST", write=True, data={"version": "1"}
    ),
    "observations:list_comment": Confidential(
        "List of observations, draft", _list_write, method="POST", write=True, data={"text": "A comment"}
    ),
    "observations:report": Confidential("Final report and its translations, draft", _report),
    "observations:report_start": Confidential(
        "Final report and its translations, draft", _report, method="POST", write=True
    ),
    "observations:report_edit": Confidential("Final report and its translations, draft", _report, write=True),
    "observations:report_action": Confidential(
        "Final report and its translations, draft",
        lambda w: [(s, [*a, "request"], b) for s, a, b in _report(w)],
        method="POST",
        write=True,
    ),
    "observations:blueprint": Confidential("Secretariat's tools", _none),
    # the secretariat issues a final list as a CRP and sends an agreed report to the six languages (P 37, P 40)
    "observations:list_issue": Confidential(
        "Secretariat's tools", lambda w: [("", [w.review.pk], False)], method="POST", write=True
    ),
    "observations:report_translations": Confidential(
        "Secretariat's tools", lambda w: [("", ["AUT"], False)], method="POST", write=True
    ),
    # documents: CRPs, reports in six languages, the library (docs/documents.md)
    "documents:library": PUBLIC,
    "documents:detail": Confidential(
        "CRP (conference room paper), issued",
        lambda w: [
            ("AUT", [w.crp.pk], False),
            ("AUT", [w.report_document.pk], False, "Final report and its translations, issued"),
        ],
    ),
    # the PDFs are rendered once the issuing commits (tests/access/world.py: committed)
    "documents:download": Confidential(
        "CRP (conference room paper), issued",
        lambda w: [
            ("AUT", [w.crp_version.pk], False),
            ("AUT", [w.report_original.pk], False, "Final report and its translations, issued"),
        ],
    ),
    "documents:new_crp": Confidential(DOCUMENTS, _none),
    "documents:translations": Confidential(DOCUMENTS, _none),
    "documents:issue": Confidential(
        DOCUMENTS, lambda w: [("", [w.report_document.pk], False)], method="POST", write=True
    ),
    "documents:add_language": Confidential(DOCUMENTS, lambda w: [("", [w.crp.pk], False)], method="POST", write=True),
    "documents:move_on": Confidential(
        DOCUMENTS, lambda w: [("", [w.report_version.pk], False)], method="POST", write=True
    ),
    "documents:upload": Confidential(
        DOCUMENTS, lambda w: [("", [w.report_version.pk], False)], method="POST", write=True
    ),
    "documents:type": Confidential(
        DOCUMENTS, lambda w: [("", [w.report_version.pk], False)], method="POST", write=True
    ),
    "documents:rerender": Confidential(
        DOCUMENTS, lambda w: [("", [w.report_version.pk], False)], method="POST", write=True
    ),
    # follow-up (P 44–P 46, P 18): a State's needs and progress; aggregates of counts of States, small ones withheld
    "followup:index": SIGNED_IN,
    "followup:review": Confidential("TA need", lambda w: [("AUT", [w.review.pk], False)]),
    "followup:progress": Confidential("TA need", lambda w: [("AUT", [w.review.pk], False)], method="POST", write=True),
    "followup:need_report": Confidential("TA need", lambda w: [("AUT", [w.need.pk], False)], method="POST", write=True),
    "followup:need_request": Confidential(
        "TA need", lambda w: [("AUT", [w.need.pk], False)], method="POST", write=True
    ),
    "followup:answer": Confidential(
        "Secretariat's tools", lambda w: [("", [w.assistance.pk], False)], method="POST", write=True
    ),
    "followup:progress_collected": Confidential(
        "TA need",
        lambda w: [("AUT", [], False)],
        refusals_only="the page collects the progress of every final list the user sees, not one State's",
    ),
    "followup:assistance": Confidential(AGGREGATES, _none),
    "followup:assistance_csv": Confidential(AGGREGATES, _none),
    "followup:general": Confidential(AGGREGATES, _none),
    "followup:general_phase": Confidential(AGGREGATES, lambda w: [("", [1], False)]),
    "followup:edition": Confidential(
        AGGREGATES, lambda w: [("", [1], False)], refusals_only="the access world generates no edition of the report"
    ),
    # disclosure decisions (P 36, P 41, P 42)
    "disclosure:index": SIGNED_IN,
    "disclosure:public": PUBLIC,
    "disclosure:state": Confidential(DISCLOSURE, _state_code),
    "disclosure:ask_public_use": Confidential(DISCLOSURE, _state_code, method="POST", write=True),
    "disclosure:withdraw": Confidential(
        DISCLOSURE, lambda w: [("AUT", [w.disclosure.pk], False)], method="POST", write=True
    ),
    "disclosure:answer": Confidential(
        DISCLOSURE, lambda w: [("AUT", [w.disclosure_request.pk], False)], method="POST", write=True
    ),
    "disclosure:acknowledge": Confidential(
        "Secretariat's tools", lambda w: [("", [w.public_use.pk], False)], method="POST", write=True
    ),
    # informal meetings with stakeholders (P 52–P 55): a meeting is no State's; State users are requested as
    # users of Austria, its reviewers and an unrelated State, and read it alike
    "stakeholders:index": Confidential(MEETING, lambda w: [("AUT", [], False)]),
    "stakeholders:meeting": Confidential(MEETING, _aut(lambda w: w.meeting.pk)),
    "stakeholders:briefing": Confidential(MEETING, _aut(lambda w: w.briefing.pk)),
    "stakeholders:comment_file": Confidential(MEETING, _aut(lambda w: w.comment.pk)),
    "stakeholders:summary": Confidential(
        "Secretariat's tools", lambda w: [("", [w.meeting.pk], False)], method="POST", write=True
    ),
    "stakeholders:summary_issue": Confidential(
        "Secretariat's tools", lambda w: [("", [w.meeting.pk], False)], method="POST", write=True
    ),
    "stakeholders:register": Confidential(MEETING, _aut(lambda w: w.meeting.pk), method="POST", write=True),
    "stakeholders:comment": Confidential(MEETING, _aut(lambda w: w.meeting.pk), method="POST", write=True),
    "stakeholders:confirm": Confidential(MEETING, _aut(lambda w: w.invitation.pk), method="POST", write=True),
    "stakeholders:object": Confidential(MEETING, _aut(lambda w: w.invitation.pk), method="POST", write=True),
    "stakeholders:meeting_new": Confidential("Secretariat's tools", _none),
    "stakeholders:import": Confidential("Secretariat's tools", _none),
    "stakeholders:invite": Confidential(
        "Secretariat's tools", lambda w: [("", [w.meeting.pk], False)], method="POST", write=True
    ),
    "stakeholders:briefing_upload": Confidential(
        "Secretariat's tools", lambda w: [("", [w.meeting.pk], False)], method="POST", write=True
    ),
    "stakeholders:bounced": Confidential(
        "Secretariat's tools", lambda w: [("", [w.invitation.pk], False)], method="POST", write=True
    ),
    "stakeholders:decide": Confidential(
        "Secretariat's tools", lambda w: [("", [w.objection.pk], False)], method="POST", write=True
    ),
    "stakeholders:release": Confidential(
        "Secretariat's tools", lambda w: [("", [w.comment.pk], False)], method="POST", write=True
    ),
    "stakeholders:return": Confidential(
        "Secretariat's tools", lambda w: [("", [w.comment.pk], False)], method="POST", write=True
    ),
    # activity reports (P 55): the stakeholders write them; States, officers and the secretariat read them
    "stakeholders:reports": SIGNED_IN,
    "stakeholders:report_new": SIGNED_IN,
    # the public feed (portal/feed.py)
    "public_feed_json": PUBLIC,
    "public_feed_csv": PUBLIC,
    # the access log (issue 10, item 12)
    "audit:search": Confidential("Access log (all entries)", _none),
    "audit:state": Confidential("Access log of a State's material", _state_code),
}

# The admin: staff only, behind the portal's sign-in and second factor (PortalAdminSite). Each of its
# generated patterns is classified by this one rule; the matrix requests its index as every user.
NAMESPACE_RULES = {"admin": "admin"}

# URL name -> how to find the State whose material a link points to (for the links found in every page)
LINKED_OBJECTS = {
    "reviews:detail": ("Review record", "review"),
    "reviews:consultations": ("Review record", "review"),
    "reviews:allocation": ("Review record", "review"),
    "reviews:feedback": ("Written feedback", "review"),
    "reviews:submission": ("Written feedback", "review"),
    "reviews:dialogue": ("Dialogue message", "review"),
    "reviews:thread": ("Dialogue message", "thread"),
    "reviews:attachment": ("Dialogue attachment", "attachment"),
    "responses:detail": ("Submission", "response"),
    "responses:section": ("Response draft", "response"),
    "responses:snapshot": ("Submission", "response"),
    "responses:snapshot_pdf": ("Submission", "response"),
    "audit:state": ("Access log of a State's material", "code"),
    # the draft and the final list have the same readers among the matrix's users, bar disclosure
    "observations:list": ("List of observations, final", "review"),
    "observations:report": ("Final report and its translations, draft", "code"),
    "disclosure:state": ("Disclosure decision", "code"),
}
