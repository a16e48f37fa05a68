"""The access matrix (issue 10, item 13): every URL pattern of the portal is classified
(tests/access/classification.py); every confidential one is requested as every column of the access policy
(docs/access-policy.md, read from the document itself) against material of the user's own State, of a State
it reviews and of an unrelated State, and answers as the table's cell says: shown, or 404 (the sign-in page
for the public) with nothing of the content in the body. Unique markers are planted in the material; every
page any user is shown is searched for the markers and links of material that user may not read.

One world is built for the module (Austria in dialogue, reviewed by France and Brazil for every instrument
and by Poland as additional reviewer for the Convention only, P 28; Mexico drafting its responses); the
figures (cells, leaks) are printed at the end and written to tmp/access-matrix.json."""

import ast
import functools
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from django.utils import translation
from django.utils.translation import get_language_from_path

from tests.access.classification import LINKED_OBJECTS, NAMESPACE_RULES, PUBLIC, SIGNED_IN, URLS, Confidential
from tests.access.world import PERSONAS

POLICY_DOC = Path(settings.BASE_DIR) / "docs" / "access-policy.md"
REFUSED_CELLS = ("—", "only after disclosure", "aggregates only")

# markers planted in the material: (text, material, State, beyond an additional reviewer's instruments)
MARKERS = {
    "zqxAUTuntocLAW": ("Submission", "AUT", False),
    "zqxAUTfirearmsLAW": ("Submission", "AUT", True),
    "zqxAUTresponseFILE": ("Submission", "AUT", False),
    "zqxMEXdraftLAW": ("Response draft", "MEX", False),
    "zqxMEXdraftFILE": ("Response draft", "MEX", False),
    "zqxAUTuntocFEEDBACK": ("Written feedback", "AUT", False),
    "zqxAUTfirearmsFEEDBACK": ("Written feedback", "AUT", True),
    "zqxAUTgeneralMESSAGE": ("Dialogue message", "AUT", False),
    "zqxAUTfirearmsMESSAGE": ("Dialogue message", "AUT", True),
    "zqxAUTgeneralFILE": ("Dialogue attachment", "AUT", False),
    "zqxAUTfirearmsFILE": ("Dialogue attachment", "AUT", True),
    "zqxAUTfinalLIST": ("List of observations, final", "AUT", False),
    "zqxAUTdraftREPORT": ("Final report and its translations, draft", "AUT", False),
    "zqxAUTcrpTITLE": ("CRP (conference room paper), issued", "AUT", False),
    "zqxAUTcrpTEXT": ("CRP (conference room paper), issued", "AUT", False),
    "zqxAUTissuedREPORT": ("Final report and its translations, issued", "AUT", False),
    "zqxNGOreleasedCOMMENT": ("Stakeholder comment", "AUT", False),
    "zqxNGOcommentFILE": ("Stakeholder comment", "AUT", False),
    "zqxMEETINGbriefing": ("Stakeholder comment", "AUT", False),
    # France, a reviewer of Austria, under review itself; Brazil drafting
    "zqxFRAuntocLAW": ("Submission", "FRA", False),
    "zqxFRAresponseFILE": ("Submission", "FRA", False),
    "zqxFRAuntocFEEDBACK": ("Written feedback", "FRA", False),
    "zqxFRAgeneralMESSAGE": ("Dialogue message", "FRA", False),
    "zqxFRAgeneralFILE": ("Dialogue attachment", "FRA", False),
    "zqxFRAdraftLIST": ("List of observations, draft", "FRA", False),
    "zqxBRAdraftLAW": ("Response draft", "BRA", False),
    "zqxBRAdraftFILE": ("Response draft", "BRA", False),
}

REVIEWERS = {"AUT": {"FRA", "BRA", "POL"}, "MEX": {"JPN"}, "FRA": {"POL", "MEX"}, "BRA": {"JPN", "MEX"}}
ADDITIONAL = {"AUT": {"POL"}}  # Poland was drawn for Austria's Convention only (P 28); for France, for all

FIGURES = {
    "cells": 0,
    "requests": 0,
    "urls": set(),
    "users": set(),
    "leaks": [],
    "mismatches": [],
    "emails": 0,
    "email_recipients": 0,
}


# --- the policy, read from docs/access-policy.md -------------------------------------------------


def read_policy() -> dict[str, dict[str, str]]:
    """{material: {column: cell}} from the table whose first header cell is "Material"."""
    lines = POLICY_DOC.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| Material |"))
    columns = [c.strip() for c in lines[start].strip("|").split("|")]
    table = {}
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip("|").split("|")]
        table[cells[0]] = dict(zip(columns[1:], cells[1:], strict=True))
    return table


POLICY = read_policy()


def column(user, state: str, beyond: bool) -> str:
    """The policy's column of a persona (or of a (State code, role) pair) for material of `state`."""
    own, role = PERSONAS[user] if isinstance(user, str) else user
    if role in ("secretariat", "officer", "stakeholder", "public"):
        return {"secretariat": "Secretariat", "officer": "Conference officer", "stakeholder": "Stakeholder"}.get(
            role, "Public"
        )
    if state and own == state:
        return f"Own {role}"
    if own in REVIEWERS.get(state, ()):
        if beyond and own in ADDITIONAL.get(state, ()):
            return "Additional reviewer, beyond its instruments"
        return "Reviewing FP" if role == "FP" else "Reviewing expert"
    return "Other State"


def may_read(material: str, user, state: str, beyond: bool) -> bool:
    cell = POLICY[material][column(user, state, beyond)]
    return not cell.startswith(REFUSED_CELLS)


# --- the URL configuration -----------------------------------------------------------------------


def url_names() -> list[tuple[str, str]]:
    """Every pattern of the URL configuration: (qualified name or route, namespace)."""
    found = []

    def walk(patterns, namespace, prefix):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = ":".join(filter(None, [namespace, p.namespace])) if p.namespace else namespace
                walk(p.url_patterns, ns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                name = f"{namespace}:{p.name}" if namespace and p.name else p.name or prefix + str(p.pattern)
                found.append((name, namespace))

    walk(get_resolver().url_patterns, "", "")
    return found


def test_every_url_pattern_is_classified_in_one_table():
    """A new URL that nobody classified fails here, by name: classify it in tests/access/classification.py."""
    missing = sorted(
        {name for name, namespace in url_names() if name not in URLS and namespace.split(":")[0] not in NAMESPACE_RULES}
    )
    assert not missing, f"URL patterns not classified in tests/access/classification.py: {missing}"
    known = {name for name, _ in url_names()}
    stale = sorted(set(URLS) - known)
    assert not stale, f"classified URL names that no longer exist: {stale}"
    for entry in URLS.values():
        assert entry in (PUBLIC, SIGNED_IN) or entry.material in POLICY, entry


def test_every_classified_material_is_a_row_of_the_written_policy():
    rows = {e.material for e in URLS.values() if isinstance(e, Confidential)} | {m for m, _ in LINKED_OBJECTS.values()}
    rows |= {material for material, _s, _b in MARKERS.values()}
    assert rows <= set(POLICY), rows - set(POLICY)
    for material, cells in POLICY.items():
        assert len(cells) == 12, material
        for value in cells.values():
            assert value.startswith(("read", "write", *REFUSED_CELLS)), (material, value)


# --- the checks ----------------------------------------------------------------------------------


def _targets(entry, world):
    for target in entry.targets(world):
        state, args, beyond = target[:3]
        yield state, args, beyond, (target[3] if len(target) > 3 else entry.material)


def _object_state(kind: str, value) -> str:
    from responses.models import Response
    from reviews.models import Attachment, CountryReview, DialogueThread

    if kind == "code":
        return str(value).upper()
    model, path = {
        "review": (CountryReview, "state__code"),
        "thread": (DialogueThread, "review__state__code"),
        "attachment": (Attachment, "message__thread__review__state__code"),
        "response": (Response, "state__code"),
    }[kind]
    return model.objects.filter(pk=value).values_list(path, flat=True).first() or ""


def _beyond(name: str, kwargs) -> bool:
    """Whether a linked object is of an instrument beyond the Convention (what the additional reviewer covers)."""
    from reviews.models import Attachment, DialogueThread

    if name == "reviews:thread":
        thread = DialogueThread.objects.filter(pk=kwargs["pk"]).select_related("article__instrument").first()
        return bool(thread and thread.article and thread.article.instrument.code != "UNTOC")
    if name == "reviews:attachment":
        item = Attachment.objects.filter(pk=kwargs["pk"]).select_related("message__thread__article__instrument").first()
        article = item.message.thread.article if item else None
        return bool(article and article.instrument.code != "UNTOC")
    return name == "responses:snapshot_pdf"


HREF = re.compile(r'href="(/[^"#?]*)')


def check_body(user: str, where: str, status: int, body: str) -> None:
    """Nothing of material the user may not read: no marker, no link to it. A refusal (404) shows no marker at
    all; a page answered 400 to a user who may read it (a refused change shown again with its message) may, and
    so may a 409 (a stale answer: the conflict shows the user the current text of its own State's draft)."""
    for marker, (material, state, beyond) in MARKERS.items():
        if marker in body and (status not in (200, 400, 409) or not may_read(material, user, state, beyond)):
            FIGURES["leaks"].append(f"{user} {where} ({status}): marker {marker} ({material} of {state})")
    if status != 200:
        return
    for path in set(HREF.findall(body)):
        if (leak := link_leak(user, path)) is not None:
            FIGURES["leaks"].append(f"{user} {where}: {leak}")


def resolve_link(path: str):
    """The URL pattern of a path in any of the portal's languages (/fr/reviews/1/: in French); None if none."""
    language = get_language_from_path(path) or settings.LANGUAGE_CODE
    with translation.override(language):
        try:
            return resolve(path)
        except Resolver404:
            return None


def link_leak(user, path: str) -> str | None:
    """What is wrong with showing `user` a link to `path`: an object of material the user may not read."""
    match = resolve_link(path)
    if match is None:
        return None
    linked = LINKED_OBJECTS.get(match.view_name)
    if linked is None:
        return None
    material, kind = linked
    value = match.kwargs.get("code", match.kwargs.get("iso3")) if kind == "code" else match.kwargs.get("pk")
    state = _object_state(kind, value)
    if state and not may_read(material, user, state, _beyond(match.view_name, match.kwargs)):
        return f"link {path} ({material} of {state})"
    return None


@functools.cache
def _history_rows_sql() -> str:
    from django.apps import apps
    from pghistory.models import Event

    tables = sorted(m._meta.db_table for m in apps.get_models() if issubclass(m, Event) and not m._meta.proxy)
    return "SELECT " + " + ".join(f'(SELECT count(*) FROM "{table}")' for table in tables)  # nosec B608: ours


def history_rows() -> int:
    """Rows in every change-history table (django-pghistory's event models, PostgreSQL's triggers)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute(_history_rows_sql())  # nosemgrep: ci.semgrep.django-raw-sql-built-from-strings
        return cursor.fetchone()[0]


def request(world, user, method, url, data=None):
    client = world.clients[user]
    FIGURES["requests"] += 1
    if method == "POST":
        return client.post(url, data or {})
    # a page read changes nothing the history tracks: pghistory's context rides on forms sent only
    # (PGHISTORY_MIDDLEWARE_METHODS, sherloc/settings/base.py)
    before = history_rows()
    reply = client.get(url)
    assert history_rows() == before, f"GET {url} as {user} changed a table whose history is kept"
    return reply


CONFIDENTIAL = sorted(name for name, entry in URLS.items() if isinstance(entry, Confidential))


@pytest.mark.parametrize("name", CONFIDENTIAL)
def test_every_confidential_url_answers_as_the_policy_table_says(world, db, name):
    entry = URLS[name]
    problems = []
    for state, args, beyond, material in _targets(entry, world):
        url = reverse(name, args=args)
        for user in PERSONAS:
            allowed = may_read(material, user, state, beyond)
            reply = request(world, user, entry.method, url, entry.data)
            body = reply.content.decode("utf-8", "replace") if not reply.streaming else ""
            FIGURES["cells"] += 1
            FIGURES["urls"].add(name)
            FIGURES["users"].add(user)
            check_body(user, f"{entry.method} {url}", reply.status_code, body)
            if user == "anonymous" and not allowed:
                # pages open to the public where a State made something public (documents, shared dialogue)
                # answer the public's refusal as for anyone: 404
                ok = reply.status_code == 404 or (
                    reply.status_code == 302 and "/accounts/sign-in/" in reply["Location"]
                )
                expected = "the sign-in page or 404"
            elif not allowed:
                ok = reply.status_code == 404
                expected = "404"
            elif entry.refusals_only:
                ok = True
                expected = "(not asserted)"
            elif entry.write:
                ok = reply.status_code != 500
                expected = "no server error"
            else:
                ok = reply.status_code in entry.shown
                expected = f"shown {entry.shown}"
            if not ok:
                problems.append(
                    f"{user} ({column(user, state, beyond)}) {entry.method} {url} [{material} of {state}]: "
                    f"{reply.status_code}, the table says {expected}"
                )
    FIGURES["mismatches"].extend(problems)
    assert not problems, "\n".join(problems)
    assert not [leak for leak in FIGURES["leaks"] if name in leak or url in leak]


LISTS = [
    "portal:home",
    "reviews:dashboard",
    "responses:index",
    "notifications:list",
    "accounts:profile",
    "registry:states",
    "lots:index",
    "reviews:public",
    "disclosure:index",
    "disclosure:public",
    "documents:library",
    "stakeholders:reports",
    "public_feed_json",
    "public_feed_csv",
]

# a stakeholder is told that no page of the review apps exists, except the public ones
# (sherloc/accounts/middleware.py NoReviewMaterialForStakeholdersMiddleware)
NOT_FOR_STAKEHOLDERS = {"reviews:dashboard", "responses:index", "lots:index", "disclosure:index"}
# the activity reports of the informal meetings: stakeholders, State representatives (focal points, experts,
# observers: P 52 (f)), officers and the secretariat; a national contributor is none of them
NOT_SHOWN = {"stakeholders:reports": {"carl"}}


@pytest.mark.parametrize("name", LISTS)
def test_lists_dashboards_and_notices_hold_nothing_the_user_may_not_see(world, db, name):
    """Lists, search, feeds and notices: no marker of material, and no link to an object, the user may not read."""
    before = len(FIGURES["leaks"])
    url = reverse(name)
    for user in PERSONAS:
        reply = request(world, user, "GET", url)
        FIGURES["cells"] += 1
        if (user == "ngo" and name in NOT_FOR_STAKEHOLDERS) or user in NOT_SHOWN.get(name, ()):
            assert reply.status_code == 404, (user, url, reply.status_code)
        else:
            assert reply.status_code in (200, 302), (user, url, reply.status_code)
        check_body(user, f"GET {url}", reply.status_code, reply.content.decode())
    assert FIGURES["leaks"][before:] == []


# --- e-mails ---------------------------------------------------------------------------------------

ROLE_OF = {
    "focal_point": "FP",
    "governmental_expert": "expert",
    "national_contributor": "contributor",
    "observer": "observer",
    "secretariat": "secretariat",
    "conference_officer": "officer",
    "stakeholder": "stakeholder",
}


def readers_of_addresses() -> dict[str, tuple[str, str]]:
    """Every address the portal knows, as (State code, role) of the policy: users by their active memberships,
    a State's permanent representatives as its (temporary) focal point (P 17), stakeholders' organisations.
    An address it does not know reads as the public."""
    from sherloc.accounts.models import Membership, PermanentRepresentative
    from stakeholders.models import StakeholderProfile

    known = {}
    for email, code, role in Membership.objects.active().values_list("user__email", "state__code", "role"):
        if email and role in ROLE_OF:
            known.setdefault(email.lower(), (code or "", ROLE_OF[role]))
    for email, code in PermanentRepresentative.objects.values_list("email", "state__code"):
        known.setdefault(email.lower(), (code, "FP"))
    for email in StakeholderProfile.objects.values_list("email", flat=True):
        known.setdefault(email.lower(), ("", "stakeholder"))
    return known


def email_kind(subject: str, links: list[str]) -> str:
    from sherloc.notifications.models import Notice

    names = {match.view_name for match in map(resolve_link, links) if match is not None}
    if "accounts:activate" in names:
        return "activation link"
    if any(n.startswith("stakeholders:") for n in names):
        return "stakeholders"
    if not names - {"notifications:preferences"}:
        return "reminder"
    # a notice's e-mail bears the notice's subject; the digest's is its own
    return "notice" if Notice.objects.filter(subject=subject).exists() else "digest"


def test_every_email_goes_only_to_who_may_read_what_it_mentions(world, db):
    """Notices one by one and in the daily digest, deadline reminders, activation links, the stakeholders'
    e-mails: as the world's events sent them (world.send_the_worlds_emails). Each recipient — to, cc and bcc —
    may read what the e-mail mentions by the policy table: the objects it links to, the review of a State it
    names when it has no link (a reminder), and no marker of material it may not read is in its subject or body
    (docs/access-policy.md: "e-mails")."""
    from sherloc.registry.models import State

    portal = settings.PORTAL_URL.rstrip("/")
    link = re.compile(re.escape(portal) + r"(/[^\s?#]*)")
    known = readers_of_addresses()
    reviewed = {code: str(State.objects.get(code=code)) for code in REVIEWERS}
    kinds, linked_views, leaks = {}, set(), []
    assert world.outbox, "the world sent no e-mail: the check would be empty"
    for email in world.outbox:
        parts = [email.subject, email.body, *(content for content, _type in getattr(email, "alternatives", []))]
        text = "\n".join(str(p) for p in parts)
        links = link.findall(text)
        kind = email_kind(email.subject, links)
        kinds[kind] = kinds.get(kind, 0) + 1
        for path in links:
            if (match := resolve_link(path)) is None:
                leaks.append(f"{email.subject!r}: a link that leads nowhere: {path}")
            else:
                linked_views.add(match.view_name)
        named = [code for code, name in reviewed.items() if name in email.subject] if kind == "reminder" else []
        recipients = [*email.to, *email.cc, *email.bcc]
        assert recipients, email.subject
        FIGURES["emails"] += 1
        for address in recipients:
            who = known.get(address.lower(), ("", "public"))
            FIGURES["email_recipients"] += 1
            label = f"{address} ({column(who, '', False)}) {email.subject!r}"
            for marker, (material, state, beyond) in MARKERS.items():
                if marker in text and not may_read(material, who, state, beyond):
                    leaks.append(f"{label}: marker {marker} ({material} of {state})")
            for path in links:
                if (leak := link_leak(who, path)) is not None:
                    leaks.append(f"{label}: {leak}")
            for code in named:
                if not may_read("Review record", who, code, False):
                    leaks.append(f"{label}: names the review of {code}")
    FIGURES["leaks"].extend(f"e-mail {leak}" for leak in leaks)
    FIGURES["email_kinds"] = kinds
    assert not leaks, "\n".join(leaks)
    # every path that sends was driven: an e-mail of each kind, and notices of each event
    assert set(kinds) == {"notice", "digest", "reminder", "activation link", "stakeholders"}, kinds
    assert {"reviews:thread", "reviews:detail", "reviews:feedback", "responses:section", "responses:detail"} <= (
        linked_views
    ), linked_views


def test_every_signed_in_page_sends_the_public_to_sign_in(world, db):
    for name, entry in URLS.items():
        if entry != SIGNED_IN:
            continue
        try:
            url = reverse(name)
        except Exception:  # a pattern with parameters: give one
            url = reverse(
                name,
                args=["AUT"]
                if name == "registry:state"
                else ["UNTOC"]
                if "instrument" in name
                else ["criminalization"],
            )
        reply = world.clients["anonymous"].get(url)
        assert reply.status_code == 302 and "/accounts/sign-in/" in reply["Location"], (name, reply.status_code)


def test_the_admin_is_staff_and_secretariat_only(world, db):
    """The admin opens to staff and to the secretariat (sherloc/accounts/admin_site.py), each table by its group's
    model permissions; to no other user."""
    url = reverse("admin:index")
    for user in PERSONAS:
        reply = world.clients[user].get(url)
        FIGURES["cells"] += 1
        allowed = user != "anonymous" and (world.users[user].is_staff or PERSONAS[user][1] == "secretariat")
        assert (reply.status_code == 200) == allowed, (user, reply.status_code)


def test_guardian_is_never_asked_with_global_permissions():
    """accept_global_perms=False at every call of get_objects_for_user: a global permission would open every
    State's material at once."""
    calls = []
    for path in Path(settings.BASE_DIR).glob("**/*.py"):
        if any(part in (".venv", "tests", "node_modules") for part in path.parts):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
                "get_objects_for_user",
                "get_objects_for_group",
            ):
                flag = next((k for k in node.keywords if k.arg == "accept_global_perms"), None)
                calls.append((f"{path.relative_to(settings.BASE_DIR)}:{node.lineno}", flag))
    assert calls, "no call of guardian found: the scan is broken"
    wrong = [where for where, flag in calls if flag is None or getattr(flag.value, "value", True) is not False]
    assert not wrong, f"get_objects_for_user without accept_global_perms=False: {wrong}"


def test_no_stakeholder_or_state_group_holds_a_global_permission(world, db):
    from django.contrib.auth.models import Permission

    from sherloc.accounts.enums import Role
    from sherloc.accounts.permissions import ROLE_GROUP_PERMISSIONS, role_group

    assert ROLE_GROUP_PERMISSIONS[Role.STAKEHOLDER] == [] and ROLE_GROUP_PERMISSIONS[Role.CONFERENCE_OFFICER] == []
    assert not role_group(Role.STAKEHOLDER).permissions.exists()
    for name, (_state, role) in PERSONAS.items():
        if role in ("public", "secretariat"):
            continue
        user = world.users[name]
        held = Permission.objects.filter(group__user=user) | Permission.objects.filter(user=user)
        assert not held.exists(), (name, list(held.values_list("codename", flat=True)))


def test_the_figures_of_the_matrix(world, db):
    """Printed and written to tmp/access-matrix.json for the closing note. Runs last in this module."""
    figures = {
        "cells": FIGURES["cells"],
        "requests": FIGURES["requests"],
        "confidential_urls": len(FIGURES["urls"]),
        "classified_urls": len(URLS),
        "users": len(FIGURES["users"]),
        "columns": len(next(iter(POLICY.values()))),
        "leaks": FIGURES["leaks"],
        "mismatches": len(FIGURES["mismatches"]),
        "emails_checked": FIGURES["emails"],
        "email_recipients_checked": FIGURES["email_recipients"],
        "email_kinds": FIGURES.get("email_kinds", {}),
    }
    out = Path(settings.BASE_DIR) / "tmp"
    out.mkdir(exist_ok=True)
    (out / "access-matrix.json").write_text(json.dumps(figures, indent=2), encoding="utf-8")
    print(
        "\naccess matrix:",
        json.dumps({k: v for k, v in figures.items() if k != "leaks"}),
        "leaks:",
        len(figures["leaks"]),
    )
    assert figures["leaks"] == []
