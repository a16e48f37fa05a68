"""Hostile input to every form and every query parameter of the portal (issue 10, item 14), with hypothesis.

The forms are found through the URL classification (tests/access/classification.py): every page the
classification names is opened as a user who may use it, and every <form> on it is fuzzed at its action with
the field names it declares; every POST target of the classification is fuzzed too. Values are over-long
strings, NUL bytes, wrong types, scripts, SQL fragments and path tricks. The portal must never answer 500,
and a script typed in must come back escaped. A corpus of hostile uploads is refused whole.

The figures (inputs per form, 500s) are printed and written to tmp/fuzzing.json. Examples are bounded so the
module stays within a few minutes on the 2-core machine."""

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from tests.access.classification import SIGNED_IN, URLS, Confidential

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the fuzzing runs on PostgreSQL")

SCRIPT = "<script>zqxXSS()</script>"
HOSTILE = [
    "",
    " ",
    "x" * 10_000,
    "y" * 200_000,
    "9" * 23,
    "-1",
    "0",
    "1e309",
    "NaN",
    "3.14",
    "true",
    "[]",
    "{}",
    "null",
    "\x00",
    "a\x00b",
    SCRIPT,
    '"><img src=x onerror=zqxXSS()>',
    "' OR '1'='1' --",
    "1; DROP TABLE reviews_message; --",
    "') UNION SELECT password FROM accounts_user --",
    "../../../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "%2e%2e%2f%2e%2e%2f",
    "file:///etc/passwd",
    "javascript:zqxXSS()",
    "https://evil.example/",
    "//evil.example",
    "2026-02-30",
    "9999-12-31",
    "0000-00-00",
    "\u202eRTL override",
    "😀" * 100,
    "\r\nSet-Cookie: x=1",
    "S1:U999999999",
    "confirm",
    "propose",
    "write",
    "ask",
    "answer",
]
VALUES = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40), st.integers().map(str))
# never a lone surrogate: a browser cannot send one (UTF-8 has no encoding for it)
VALUES = VALUES.filter(lambda v: not any(0xD800 <= ord(c) <= 0xDFFF for c in v))

MAX_EXAMPLES = 8  # per form
MAX_QUERY_EXAMPLES = 4  # per page's query parameters
FIGURES = {"forms": {}, "queries": {}, "server_errors": [], "uploads": {}}

# who uses each row's forms (writing the material at its stage), and on which object
WRITER = {
    "Response draft": "maria",
    "Submission": "sam",
    "Review record": "alice",
    "Written feedback": "bob",
    "Dialogue message": "bob",
    "Dialogue attachment": "bob",
    "Secretariat's tools": "sam",
    "Directory entry": "sam",
    "Access log (all entries)": "sam",
    "Access log of a State's material": "alice",
    "List of observations, draft": "bob",
    "List of observations, final": "bob",
    "Final report and its translations, draft": "sam",
    "Final report and its translations, issued": "sam",
    "CRP (conference room paper), issued": "sam",
    "Documents' issuing and translations": "sam",
    "Disclosure decision": "alice",
    "Stakeholder comment": "ngo",
}
EXTRA_FIELDS = {
    # POST targets whose page is not classified with a form of theirs: the fields their views read
    "responses:save_answer": ["value", "version", "title", "article", "link", "text"],
    "responses:assign": ["assignees"],
    "responses:reopen": ["request_reference"],
    "responses:deadline": ["deadline", "next"],
    "reviews:transition": ["note"],
    "reviews:article_thread": ["article"],
    "notifications:follow": ["state", "phase", "action", "next"],
    "lots:action": ["seed", "note"],
    "observations:list_agree": ["version"],
    "observations:list_comment": ["text"],
    "observations:report_start": ["language"],
    "observations:report_action": ["version"],
    "disclosure:withdraw": ["note"],
    "disclosure:answer": ["grant", "note"],
    "disclosure:ask_public_use": ["scope"],
    "disclosure:acknowledge": ["note"],
    "reviews:disclose": ["material", "threads", "whole"],
    "responses:disclose": ["audience", "sections"],
    "documents:issue": ["session", "working_groups", "issued_on"],
    "documents:add_language": ["language"],
    "documents:move_on": ["to", "on"],
    "documents:type": ["text"],
    "documents:upload": ["file"],
    "stakeholders:comment": ["text", "language", "state"],
    "stakeholders:confirm": ["note"],
    "stakeholders:object": ["state", "reasons"],
    "stakeholders:decide": ["upheld", "decision"],
    "stakeholders:release": ["reason"],
    "stakeholders:return": ["reason"],
    "stakeholders:summary": ["text", "language"],
    "stakeholders:invite": ["note"],
    "stakeholders:bounced": ["note"],
    "stakeholders:register": ["state"],
    "stakeholders:briefing_upload": ["file"],
}
FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
NAME = re.compile(r'<(?:input|textarea|select)\b[^>]*\bname="([^"]+)"', re.I)
ATTR = re.compile(r'(\w+)="([^"]*)"')


def _url_for(world, name, entry):
    """The path and user for a classified URL (None when it takes parameters the world cannot give)."""
    if isinstance(entry, Confidential):
        user = WRITER.get(entry.material, "sam")
        targets = list(entry.targets(world))
        if entry.material == "Response draft":
            targets = [t for t in targets if t[0] == "MEX"] or targets
        return reverse(name, args=targets[0][1]), user, entry.method
    try:
        return reverse(name), "sam" if entry == SIGNED_IN else "anonymous", "GET"
    except Exception:
        args = {"registry:state": ["AUT"], "questionnaires:instrument": ["UNTOC"]}.get(name, ["criminalization"])
        if name in ("accounts:activate",):
            args = ["not-a-token"]
        return reverse(name, args=args), "sam" if entry == SIGNED_IN else "anonymous", "GET"


def discover(world):
    """Every form of the classified pages, and every POST target: {(method, action): (user, names, where)}."""
    forms = {}
    for name, entry in URLS.items():
        if name in ("accounts:logout", "set_language") or name.startswith("accounts:verify"):
            continue  # signing out or switching language would end the fuzzing user's session
        if isinstance(entry, Confidential) and entry.refusals_only:
            continue  # the world cannot give it a real object (classification.py says why)
        url, user, method = _url_for(world, name, entry)
        if method == "POST":
            forms[("POST", url)] = (user, EXTRA_FIELDS.get(name, ["note", "name", "value"]), name)
            continue
        reply = world.clients[user].get(url)
        if reply.status_code != 200 or reply.streaming or "html" not in reply.get("Content-Type", ""):
            continue
        for attrs, inner in FORM.findall(reply.content.decode()):
            attributes = dict(ATTR.findall(attrs))
            action = attributes.get("action") or url
            if not action.startswith("/") or "/i18n/" in action or "sign-out" in action:
                continue
            names = sorted(set(NAME.findall(inner)) - {"csrfmiddlewaretoken"})
            form_method = attributes.get("method", "get").upper()
            key = (form_method, action.split("#")[0])
            if names and key not in forms:
                forms[key] = (user, names, name)
        # every page takes hostile query parameters too
        forms.setdefault(("GET", url), (user, ["page", "before", "state", "q", "next", "phase"], name))
    return forms


def fuzz(world, method, action, user, names, where):
    client = world.clients[user]
    seen = {"n": 0}

    @hsettings(
        max_examples=MAX_EXAMPLES if method == "POST" else MAX_QUERY_EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.dictionaries(st.sampled_from(names), st.one_of(VALUES, st.lists(VALUES, max_size=3)), min_size=1))
    def run(data):
        seen["n"] += 1
        reply = client.post(action, data) if method == "POST" else client.get(action, data)
        if reply.status_code >= 500:
            FIGURES["server_errors"].append(f"{method} {action} as {user}: {data!r:.300}")
        assert reply.status_code < 500, (method, action, data)
        if not reply.streaming:
            assert SCRIPT not in reply.content.decode("utf-8", "replace"), (method, action, "script shown unescaped")

    run()
    FIGURES["forms" if method == "POST" else "queries"][f"{method} {action} ({where})"] = seen["n"]


def test_every_form_and_query_parameter_takes_hostile_input_without_a_server_error(world, db):
    forms = discover(world)
    assert len([k for k in forms if k[0] == "POST"]) >= 20, sorted(forms)
    for (method, action), (user, names, where) in sorted(forms.items()):
        fuzz(world, method, action, user, names, where)
    assert FIGURES["server_errors"] == []
    # what was typed in comes back escaped wherever it is shown again
    for (method, action), (user, _names, _where) in forms.items():
        if method != "GET":
            continue
        reply = world.clients[user].get(action)
        if not reply.streaming:
            assert SCRIPT not in reply.content.decode("utf-8", "replace"), action


# --- the hostile upload corpus -------------------------------------------------------------------


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"0" * (settings.UPLOAD_MAX_UNPACKED_BYTES + 1024))
    return buffer.getvalue()


CORPUS = {
    "oversized.pdf": lambda: b"%PDF-1.4\n" + b"0" * (settings.UPLOAD_MAX_BYTES + 1),
    "wrong-magic.pdf": lambda: b"MZ\x90\x00 an executable named as a PDF",
    "polyglot.pdf": lambda: b"GIF89a/*<script>zqxXSS()</script>*/ %PDF-1.4",
    "zip-bomb.docx": _zip_bomb,
    "drawing.svg": lambda: b'<svg xmlns="http://www.w3.org/2000/svg"><script>zqxXSS()</script></svg>',
    "page.html": lambda: b"<html><script>zqxXSS()</script></html>",
    "page.pdf.html": lambda: b"<html><script>zqxXSS()</script></html>",
    "script.js": lambda: b"zqxXSS()",
    "empty.pdf": lambda: b"",
}


@pytest.mark.parametrize("filename", sorted(CORPUS))
def test_a_hostile_upload_is_refused_whole_in_the_answers_and_in_the_dialogue(world, db, settings, filename):
    from responses.models import Attachment as ResponseFile
    from reviews.models import Attachment as DialogueFile
    from reviews.models import Message

    # small limits, so that the corpus is quick to build: the checks read the settings at each upload
    settings.UPLOAD_MAX_BYTES = 200_000
    settings.UPLOAD_MAX_UNPACKED_BYTES = 2_000_000
    content = CORPUS[filename]()
    files_question = world.question.questionnaire.questions.get(qid="t-5-files")
    before = (ResponseFile.objects.count(), DialogueFile.objects.count(), Message.objects.count())
    maria = world.clients["maria"]
    answer = maria.post(
        reverse("responses:upload", args=[world.mex_response.pk, files_question.pk]),
        {"file": SimpleUploadedFile(filename, content)},
    )
    # the world's review of Austria has moved on to its list of observations: the dialogue is reopened for this
    # test only (its savepoint is rolled back), so that the upload reaches the dialogue's checks
    from reviews.enums import ReviewStatus
    from reviews.models import CountryReview

    CountryReview.objects.filter(pk=world.review.pk).update(status=ReviewStatus.DIALOGUE)
    bob = world.clients["bob"]
    posted = bob.post(
        reverse("reviews:thread", args=[world.general.pk]),
        {
            "body": "A message with a hostile file",
            "kind": "message",
            "idempotency_key": "6f1d1c1e-0000-4000-8000-000000000001",
            "attachments": SimpleUploadedFile(filename, content),
        },
    )
    FIGURES["uploads"][filename] = [answer.status_code, posted.status_code]
    assert answer.status_code == 400 and posted.status_code == 400, (filename, answer.status_code, posted.status_code)
    # refused whole: no file, and no message half-posted without its file
    assert (ResponseFile.objects.count(), DialogueFile.objects.count(), Message.objects.count()) == before
    for reply in (answer, posted):
        assert "<script>zqxXSS()" not in reply.content.decode()


@pytest.mark.parametrize("filename", ["../../etc/passwd.txt", "..\\..\\boot.ini.txt", "/etc/shadow.txt"])
def test_a_path_in_a_file_name_never_reaches_the_disk(world, db, filename):
    """Path tricks in a file name: the file is kept under a random name, and its shown name has no folder."""
    from responses.models import Attachment as ResponseFile

    files_question = world.question.questionnaire.questions.get(qid="t-5-files")
    reply = world.clients["maria"].post(
        reverse("responses:upload", args=[world.mex_response.pk, files_question.pk]),
        {"file": SimpleUploadedFile(filename, b"plain text")},
    )
    assert reply.status_code in (302, 400)
    for item in ResponseFile.objects.filter(answer__response=world.mex_response):
        assert "/" not in item.name and "\\" not in item.name and ".." not in item.file.name
        assert item.file.name.count("/") == 1  # <folder>/<random name> (sherloc/storage.py)


def test_the_figures_of_the_fuzzing():
    """Printed and written to tmp/fuzzing.json for the closing note. Runs last in this module."""
    figures = {
        "forms": len(FIGURES["forms"]),
        "form_inputs": sum(FIGURES["forms"].values()),
        "query_pages": len(FIGURES["queries"]),
        "query_inputs": sum(FIGURES["queries"].values()),
        "per_form": FIGURES["forms"],
        "server_errors": FIGURES["server_errors"],
        "uploads_refused": FIGURES["uploads"],
    }
    out = Path(settings.BASE_DIR) / "tmp"
    out.mkdir(exist_ok=True)
    (out / "fuzzing.json").write_text(json.dumps(figures, indent=2), encoding="utf-8")
    print(
        "\nfuzzing:",
        {k: v for k, v in figures.items() if k not in ("per_form", "uploads_refused")},
        "uploads refused:",
        len(figures["uploads_refused"]),
    )
    assert figures["server_errors"] == []
