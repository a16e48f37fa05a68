"""A synthetic world the size of a full review cycle, for load tests and benchmarks (`generate_load_data`).

At scale 1: every State subject to review reviewed in all four phases (the first three completed, the
fourth at every stage of its life), one response per State and phase answered in its working language,
written feedback on every article, the archived dialogue with attachments, lists of observations agreed by
every party, their technical-assistance needs, and a confirmed drawing of lots through the real services.
Smaller scales take an even share of the States (alphabetical, every k-th), the same per review.

Everything is drawn from one seeded generator: the same scale on the same day gives the same world. The
archive tables (messages, attachments, submissions) are only inserted into, as the portal does.

The shipped starting questionnaires ask a few questions per article; a full questionnaire of the
Mechanism asks many more. The load world adopts, per instrument, a version whose every question is asked
of QUESTION_PARTS sub-items, so that a cycle holds the million answers of a real one.
"""

import datetime as dt
import hashlib
import io
import json
import math
import random
import time
import uuid
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from guardian.models import UserObjectPermission

from lots import selectors as lots_selectors
from lots import services as lots_services
from observations.enums import ItemKind
from observations.models import ListAgreement, ListVersion, ObservationList
from questionnaires import services as questionnaire_services
from questionnaires.definitions import REVIEWED, parse
from questionnaires.models import Question, Questionnaire
from responses.answers import condition_holds
from responses.enums import AnswerSource, ResponseStatus
from responses.models import Answer, Response, Section, Snapshot
from responses.services import content_hash
from reviews.enums import AdvancementBasis, DeadlineKind, MessageKind, ReviewStatus
from reviews.models import (
    ArticleAllocation,
    Attachment,
    CountryReview,
    Deadline,
    DialogueThread,
    Feedback,
    FeedbackQuestion,
    Message,
    PhaseAdvancement,
    TimeFrameConfirmation,
    TimeFrameProposal,
    Transition,
)
from sherloc.accounts import permissions as account_permissions
from sherloc.accounts.enums import OrganisationKind, Role
from sherloc.accounts.models import Membership, Organisation
from sherloc.registry.models import Instrument, MechanismSettings, State, WorkplanPhase
from sherloc.registry.selectors import articles_for, parties_to, states_subject_to_review
from sherloc.storage import private_storage, random_name

SEED = "10ad2026"
QUESTIONNAIRE_VERSION = "load-1"
QUESTIONNAIRE_DECISION = "Synthetic questionnaire of the load world (not a text of the Conference)"
# sub-items per shipped question: at scale 1, about 1.1 million answers over the cycle
QUESTION_PARTS = 66
MESSAGES_PER_REVIEW = 84  # of a review that reached the dialogue: about 52,000 at scale 1
ARTICLE_THREADS = 3
ATTACHMENT_EVERY = 12  # one message in twelve carries a file
LANGUAGES = ["en", "fr", "es", "ru", "ar", "zh-hans"]
# the fourth phase at every stage of its life, in turn (the first three are complete)
FOURTH_PHASE = [
    ReviewStatus.CLOSED,
    ReviewStatus.CLOSED,
    ReviewStatus.OBSERVATIONS,
    ReviewStatus.DIALOGUE,
    ReviewStatus.DIALOGUE,
    ReviewStatus.FEEDBACK_DUE,
    ReviewStatus.RESPONSES_RECEIVED,
    ReviewStatus.RESPONSES_DUE,
    ReviewStatus.CONSULTATIONS,
    ReviewStatus.SCHEDULED,
]
ORDER = list(ReviewStatus)
BATCH = 5000

LAW = {
    "en": ("Criminal Code", "art."),
    "fr": ("Code pénal", "art."),
    "es": ("Código Penal", "art."),
    "ru": ("Уголовный кодекс", "ст."),
    "ar": ("قانون العقوبات", "المادة"),
    "zh-hans": ("刑法", "第"),
}
PHRASES = {
    "en": "The reviewing experts asked how the provision is applied in practice; the national authorities replied.",
    "fr": "Les experts examinateurs ont demandé comment la disposition est appliquée; les autorités ont répondu.",
    "es": "Los expertos examinadores preguntaron cómo se aplica la disposición; las autoridades respondieron.",
    "ru": "Эксперты спросили, как это положение применяется на практике; национальные органы ответили.",
    "ar": "سأل الخبراء المستعرضون عن كيفية تطبيق الحكم عمليا، وأجابت السلطات الوطنية.",
    "zh-hans": "审议专家询问该条款在实践中如何适用；国家主管机关作了答复。",
}
FILES = [
    ("amendment.txt", "text/plain", "Text of the amendment to the Criminal Code (synthetic load data).\n" * 20),
    (
        "statistics.csv",
        "text/csv",
        "year,cases,convictions\n" + "".join(f"{2010 + i},{40 + i},{12 + i}\n" for i in range(12)),
    ),
    ("practice.txt", "text/plain", "Summary of court practice supplied during the dialogue (synthetic).\n" * 40),
]


def _rows(objs):
    for start in range(0, len(objs), BATCH):
        yield objs[start : start + BATCH]


def insert(model, objs: list) -> list:
    """Bulk insert in batches; the ids are set on PostgreSQL."""
    made = []
    for chunk in _rows(objs):
        made += model.objects.bulk_create(chunk, batch_size=BATCH)
    return made


def copy_rows(model, columns: list[str], rows) -> int:
    """COPY rows into a model's table on PostgreSQL (the fastest insert); bulk_create elsewhere.
    JSON columns take already serialised text."""
    table = model._meta.db_table
    count = 0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            raw = cursor.cursor
            cols = ", ".join(connection.ops.quote_name(c) for c in columns)
            with raw.copy(f"COPY {connection.ops.quote_name(table)} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        return count
    fields = [
        model._meta.get_field(c.removesuffix("_id")) if c.endswith("_id") else model._meta.get_field(c) for c in columns
    ]
    objs = []
    for row in rows:
        values = {}
        for field, column, value in zip(fields, columns, row, strict=True):
            if field.get_internal_type() == "JSONField" and isinstance(value, str):
                value = json.loads(value)
            values[column if column.endswith("_id") else field.name] = value
        objs.append(model(**values))
    count = len(objs)
    insert(model, objs)
    return count


def share_of(states: list, scale: float) -> list:
    """An even share of the States (every k-th, alphabetical) for a scale below 1; all of them from 1."""
    share = min(1.0, scale)
    wanted = max(1, round(len(states) * share))
    return [states[min(len(states) - 1, int(i / share))] for i in range(wanted)]


class World:
    def __init__(self, scale: float, out=None):
        if scale <= 0:
            raise ValueError("The scale is a positive number (1 is one full review cycle).")
        self.scale = scale
        self.volume = max(1.0, scale)
        self.rng = random.Random(f"{SEED}:{scale}")
        self.out = out or io.StringIO()
        self.now = timezone.now().replace(microsecond=0)
        self.today = timezone.localdate(self.now)
        self.password = make_password(settings.DEMO_PASSWORD)
        self.counts = defaultdict(int)
        self.started = time.monotonic()

    def say(self, text):
        self.out.write(f"[{time.monotonic() - self.started:5.0f} s] {text}\n")
        if hasattr(self.out, "flush"):
            self.out.flush()

    def uid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    # -- people ------------------------------------------------------------------------------------------
    def build(self) -> dict:
        if CountryReview.objects.exists():
            raise RuntimeError(
                "This database already holds country reviews: generate the load world into an empty one."
            )
        self.secretariat = self._people_of_the_secretariat()
        self._drawing()
        everyone = states_subject_to_review()
        self.states = share_of(everyone, self.scale)
        self.state_by_id = {s.pk: s for s in everyone}
        self.parties = {s.pk: parties_to(s) for s in everyone}
        self.covers = {s.pk: lots_selectors.reviewers_of(s.pk) for s in self.states}
        self.covers = {k: v for k, v in self.covers.items() if v}
        self.states = [s for s in self.states if s.pk in self.covers]
        involved = {s.pk for s in self.states} | {r for c in self.covers.values() for r in c}
        self._people([self.state_by_id[pk] for pk in sorted(involved, key=lambda pk: self.state_by_id[pk].name)])
        self.say(f"people: {len(self.users)} users for {len(involved)} States")
        self._questionnaires()
        self._reviews()
        return dict(self.counts)

    def _people_of_the_secretariat(self):
        User = get_user_model()
        unodc, _ = Organisation.objects.get_or_create(
            name="UNODC secretariat", defaults={"kind": OrganisationKind.UNODC}
        )
        conference, _ = Organisation.objects.get_or_create(
            name="Conference services", defaults={"kind": OrganisationKind.CONFERENCE}
        )
        ngo, _ = Organisation.objects.get_or_create(
            name="Global Alliance against Trafficking (load)", defaults={"kind": OrganisationKind.NGO}
        )
        made = []
        for username, first, last, role, org in (
            ("secretariat-1", "Sam", "Secretariat", Role.SECRETARIAT, unodc),
            ("officer-1", "Olga", "Officer", Role.CONFERENCE_OFFICER, conference),
            ("ngo-1", "Nadia", "Stakeholder", Role.STAKEHOLDER, ngo),
        ):
            user, _ = User.objects.get_or_create(
                username=username,
                defaults={"first_name": first, "last_name": last, "email": f"{username}@load.sherloc.example"},
            )
            user.password = self.password
            user.save(update_fields=["password"])
            self._device(user)
            if not Membership.objects.active().filter(user=user, role=role).exists():
                from sherloc.accounts import services as account_services

                account_services.grant_membership(user=user, role=role, organisation=org)
            made.append(user)
        return made[0]

    def _device(self, user):
        from sherloc.accounts import services as account_services

        account_services.set_totp_secret(user=user, base32_secret=settings.DEMO_TOTP_SECRET)

    def _drawing(self):
        if lots_selectors.the_confirmed_drawing():
            return
        session = lots_services.open_session(
            meeting="Joint intersessional meeting of the working groups (load world)",
            meeting_date=self.today - dt.timedelta(days=365 * 12),
            seed=SEED,
            opened_by=self.secretariat,
        )
        lots_services.run_selection(session=session, user=self.secretariat)
        lots_services.draw_remaining(session=session, user=self.secretariat)
        count = lots_services.confirm_session(session=session, user=self.secretariat)
        self.say(f"drawing of lots confirmed with seed {SEED}: {count} reviewing assignments")

    def _people(self, states):
        """A focal point, a governmental expert for every instrument and a national contributor per State."""
        User = get_user_model()
        instruments = {i.code: i for i in Instrument.objects.filter(under_mechanism=True)}
        users = []
        for state in states:
            code = state.code.lower()
            for prefix, first in (("fp", "Focal point"), ("expert", "Expert"), ("contrib", "Contributor")):
                users.append(
                    User(
                        username=f"{prefix}-{code}",
                        first_name=first,
                        last_name=state.name,
                        email=f"{prefix}-{code}@load.sherloc.example",
                        password=self.password,
                        preferred_language=LANGUAGES[state.pk % len(LANGUAGES)],
                    )
                )
        users = insert(User, users)
        by_name = {u.username: u for u in users}
        import base64

        secret = settings.DEMO_TOTP_SECRET
        key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8)).hex()
        insert(TOTPDevice, [TOTPDevice(user=u, name="Authenticator app", key=key, confirmed=True) for u in users])
        memberships = []
        for state in states:
            code = state.code.lower()
            memberships.append(Membership(user=by_name[f"fp-{code}"], role=Role.FOCAL_POINT, state=state))
            memberships.append(Membership(user=by_name[f"contrib-{code}"], role=Role.NATIONAL_CONTRIBUTOR, state=state))
            for instrument_code in sorted(self.parties[state.pk] & set(instruments)):
                memberships.append(
                    Membership(
                        user=by_name[f"expert-{code}"],
                        role=Role.GOVERNMENTAL_EXPERT,
                        state=state,
                        instrument=instruments[instrument_code],
                    )
                )
        insert(Membership, memberships)
        # the object permissions the accounts services grant with each membership (sherloc.accounts.permissions)
        state_type = ContentType.objects.get_for_model(State)
        perms = {p.codename: p for p in Permission.objects.filter(content_type=state_type)}
        granted = set()
        rows = []
        for m in memberships:
            for codename in account_permissions.STATE_PERMISSIONS.get(m.role, []):
                if (m.user_id, codename, m.state_id) not in granted:
                    granted.add((m.user_id, codename, m.state_id))
                    rows.append(
                        UserObjectPermission(
                            user_id=m.user_id,
                            permission=perms[codename],
                            content_type=state_type,
                            object_pk=str(m.state_id),
                        )
                    )
        insert(UserObjectPermission, rows)
        self.users = by_name
        self.counts["users"] = len(users) + 3
        self.counts["memberships"] = len(memberships)

    def fp(self, state_id):
        return self.users[f"fp-{self.state_by_id[state_id].code.lower()}"]

    def expert(self, state_id):
        return self.users[f"expert-{self.state_by_id[state_id].code.lower()}"]

    # -- questionnaires ----------------------------------------------------------------------------------
    def _questionnaires(self):
        parts = int(QUESTION_PARTS * self.volume)
        self.questionnaires = {}
        for path in sorted((settings.BASE_DIR / "data" / "questionnaires").glob("*.json")):
            data = parse(path.read_text(encoding="utf-8"))
            data["version"] = QUESTIONNAIRE_VERSION
            for section in data["sections"]:
                expanded = []
                for q in section["questions"]:
                    for part in range(1, parts + 1):
                        item = dict(q, id=f"{q['id']}-{part}")
                        item["text"] = {lang: f"{text} ({part})" for lang, text in q["text"].items()}
                        if "question" in (q.get("condition") or {}):
                            item["condition"] = dict(q["condition"], question=f"{q['condition']['question']}-{part}")
                        expanded.append(item)
                section["questions"] = expanded
            questionnaire, _ = questionnaire_services.import_definition(data)
            questionnaire_services.adopt(questionnaire, decision_reference=QUESTIONNAIRE_DECISION)
            Questionnaire.objects.filter(pk=questionnaire.pk).update(adopted_at=self.now - dt.timedelta(days=365 * 13))
            self.questionnaires[data["instrument"]] = questionnaire
        self.questions = defaultdict(list)  # (instrument, cluster id) → questions
        for q in Question.objects.filter(questionnaire__in=self.questionnaires.values()).select_related(
            "questionnaire__instrument", "article"
        ):
            self.questions[(q.questionnaire.instrument.code, q.cluster_id)].append(q)
        for qs in self.questions.values():
            qs.sort(key=lambda q: q.position)
        self.say(f"questionnaires adopted: {', '.join(self.questionnaires)} ({parts} parts per shipped question)")

    # -- reviews -----------------------------------------------------------------------------------------
    def _reviews(self):
        phases = list(WorkplanPhase.objects.filter(cluster__isnull=False).select_related("cluster").order_by("number"))
        rules = MechanismSettings.current()
        groups = lots_selectors.year_groups()
        cycle_start = self.now - dt.timedelta(days=365 * 12)
        years = {p.pk: cycle_start + dt.timedelta(days=365 * 2 * i + 365) for i, p in enumerate(phases)}
        for i, phase in enumerate(phases):
            for group in groups:
                PhaseAdvancement.objects.create(
                    phase=phase,
                    year_group=group,
                    basis=AdvancementBasis.FIRST_PHASE if i == 0 else AdvancementBasis.THRESHOLD,
                    completed_percent=None if i == 0 else 100,
                    threshold_percent=None if i == 0 else rules.advancement_threshold_percent,
                    opened_by=self.secretariat,
                    opened_at=years[phase.pk] + dt.timedelta(days=365 * (group - min(groups))),
                )
        group_of = {s.pk: lots_selectors.year_group_of(s.pk) for s in self.states}
        plan = []
        for phase_index, phase in enumerate(phases):
            for n, state in enumerate(self.states):
                last = phase_index == len(phases) - 1
                status = FOURTH_PHASE[n % len(FOURTH_PHASE)] if last else ReviewStatus.CLOSED
                plan.append((phase, state, status))
        self.articles_cache = {}
        for phase in phases:
            todo = [(p, s, st) for p, s, st in plan if p == phase]
            with transaction.atomic():
                self._phase(phase, todo, group_of, years[phase.pk])
            self.say(
                f"{phase}: {len(todo)} reviews; so far {self.counts['answers']} answers, "
                f"{self.counts['messages']} messages"
            )

    def articles(self, state, phase):
        parties = self.parties[state.pk]
        key = (frozenset(parties), phase.cluster_id)
        if key not in self.articles_cache:
            articles = []
            for instrument in Instrument.objects.filter(under_mechanism=True, code__in=parties).order_by("position"):
                cells = articles_for(
                    state_is_uncac_party="UNCAC" in parties, cluster=phase.cluster, instrument_code=instrument.code
                )
                articles += [(instrument.code, cell.article) for cell in cells]
            self.articles_cache[key] = articles
        return self.articles_cache[key]

    def _phase(self, phase, todo, group_of, opened):
        rng = self.rng
        reviews = insert(
            CountryReview,
            [
                CountryReview(
                    state=state,
                    phase=phase,
                    year_group=group_of[state.pk],
                    status=status,
                    language=LANGUAGES[state.pk % len(LANGUAGES)] if status != ReviewStatus.SCHEDULED else "",
                    scheduled_at=opened,
                    status_changed_at=opened + dt.timedelta(days=30 * ORDER.index(status)),
                    responses_received_at=opened + dt.timedelta(days=90)
                    if ORDER.index(status) >= ORDER.index(ReviewStatus.RESPONSES_RECEIVED)
                    else None,
                    closed_at=opened + dt.timedelta(days=210) if status == ReviewStatus.CLOSED else None,
                )
                for _phase, state, status in todo
            ],
        )
        self.counts["reviews"] += len(reviews)
        transitions, deadlines, proposals, responses = [], [], [], []
        for review in reviews:
            reached = ORDER.index(review.status)
            fp = self.fp(review.state_id)
            at = review.scheduled_at
            for step in range(1, reached + 1):
                at = review.scheduled_at + dt.timedelta(days=30 * step)
                by = (
                    fp
                    if step <= 2
                    else self.fp(min(self.covers[review.state_id]))
                    if step in (4, 5)
                    else self.secretariat
                )
                transitions.append(
                    Transition(review=review, from_status=ORDER[step - 1], to_status=ORDER[step], by=by, at=at)
                )
            day = timezone.localdate(review.scheduled_at)
            for kind, days in ((DeadlineKind.FOCAL_POINT, 14), (DeadlineKind.EXPERTS, 28)):
                deadlines.append(
                    Deadline(
                        review=review,
                        kind=kind,
                        due=day + dt.timedelta(days=days),
                        agreed_at=review.scheduled_at,
                        agreed_by=self.secretariat,
                        met_at=review.scheduled_at,
                    )
                )
            if reached >= ORDER.index(ReviewStatus.RESPONSES_DUE):
                agreed = review.scheduled_at + dt.timedelta(days=60)
                received = reached >= ORDER.index(ReviewStatus.RESPONSES_RECEIVED)
                responses_due = (day + dt.timedelta(days=120)) if received else self.today + dt.timedelta(days=60)
                proposals.append(
                    TimeFrameProposal(
                        review=review,
                        proposed_by=fp,
                        on_behalf_of_id=review.state_id,
                        language=review.language,
                        responses_due=responses_due,
                        feedback_months=6,
                        dialogue_due=day + dt.timedelta(days=300),
                        proposed_at=agreed - dt.timedelta(days=5),
                        agreed_at=agreed,
                    )
                )
                sent = reached >= ORDER.index(ReviewStatus.DIALOGUE)
                feedback_due = day + dt.timedelta(days=270) if received else responses_due + dt.timedelta(days=180)
                if review.status == ReviewStatus.FEEDBACK_DUE:
                    feedback_due = self.today + dt.timedelta(days=rng.choice([7, 30, 60]))
                for kind, due, met in (
                    (DeadlineKind.FEEDBACK, feedback_due, sent),
                    (
                        DeadlineKind.DIALOGUE,
                        day + dt.timedelta(days=300),
                        reached >= ORDER.index(ReviewStatus.OBSERVATIONS),
                    ),
                ):
                    deadlines.append(
                        Deadline(
                            review=review,
                            kind=kind,
                            due=due,
                            agreed_at=agreed,
                            agreed_by=fp,
                            met_at=agreed + dt.timedelta(days=150) if met else None,
                        )
                    )
                if review.status == ReviewStatus.CLOSED:
                    deadlines.append(
                        Deadline(
                            review=review,
                            kind=DeadlineKind.OBSERVATIONS,
                            due=day + dt.timedelta(days=360),
                            agreed_at=agreed,
                            agreed_by=self.secretariat,
                            met_at=review.closed_at,
                        )
                    )
                responses.append(
                    Response(
                        state_id=review.state_id,
                        phase=phase,
                        language=review.language,
                        deadline=responses_due,
                        status=ResponseStatus.SUBMITTED if received else ResponseStatus.DRAFTING,
                        opened_at=agreed,
                        opened_by=fp,
                        submitted_at=review.responses_received_at,
                    )
                )
        insert(Transition, transitions)
        insert(Deadline, deadlines)
        proposals = insert(TimeFrameProposal, proposals)
        confirmations = []
        for proposal in proposals:
            state_id = proposal.review.state_id
            for party in [state_id, *sorted(self.covers[state_id])]:
                confirmations.append(
                    TimeFrameConfirmation(proposal=proposal, state_id=party, by=self.fp(party), at=proposal.agreed_at)
                )
        insert(TimeFrameConfirmation, confirmations)
        responses = insert(Response, responses)
        self.counts["responses"] += len(responses)
        self._answers(phase, responses)
        by_state = {r.state_id: r for r in reviews}
        self._feedback(phase, [r for r in reviews if ORDER.index(r.status) >= ORDER.index(ReviewStatus.FEEDBACK_DUE)])
        self._dialogue(phase, [r for r in reviews if ORDER.index(r.status) >= ORDER.index(ReviewStatus.DIALOGUE)])
        self._observations(
            phase, [r for r in reviews if ORDER.index(r.status) >= ORDER.index(ReviewStatus.OBSERVATIONS)]
        )
        del by_state

    def _answers(self, phase, responses):
        """Sections for every instrument the State is party to, every question answered (drafts: two in
        three), submissions frozen as the responses app freezes them."""
        sections = []
        for response in responses:
            for code in REVIEWED:
                if code in self.parties[response.state_id] and code in self.questionnaires:
                    sections.append(Section(response=response, questionnaire=self.questionnaires[code]))
        insert(Section, sections)

        self.values = {}

        def rows():
            for response in responses:
                state = self.state_by_id[response.state_id]
                title, art = LAW[response.language]
                writer = self.expert(response.state_id)
                submitted = response.status == ResponseStatus.SUBMITTED
                at = response.opened_at + dt.timedelta(days=20)
                values = self.values[response.pk] = {}
                for code in REVIEWED:
                    if code not in self.parties[response.state_id]:
                        continue
                    for n, q in enumerate(self.questions[(code, phase.cluster_id)]):
                        if (not submitted and n % 3 == 2) or not condition_holds(q, values):
                            continue
                        if q.kind == "yes_no_partly":
                            value = self.rng.choice(["yes", "yes", "yes", "partly", "no"])
                        else:
                            value = [
                                {
                                    "title": f"{title} ({state.name})",
                                    "article": f"{art} {q.article.number}",
                                    "link": f"https://laws.example/{state.code.lower()}/{q.article.number}",
                                    "text": "",
                                }
                            ]
                        values[q.qid] = value
                        yield (
                            response.pk,
                            q.pk,
                            json.dumps(value, ensure_ascii=False),
                            1,
                            at,
                            writer.pk,
                            AnswerSource.OWN,
                            "",
                            False,
                        )

        self.counts["answers"] += copy_rows(
            Answer,
            [
                "response_id",
                "question_id",
                "value",
                "version",
                "updated_at",
                "updated_by_id",
                "source",
                "source_label",
                "edited_since_reuse",
            ],
            rows(),
        )
        submitted = [r for r in responses if r.status == ResponseStatus.SUBMITTED]
        for start in range(0, len(submitted), 20):  # the frozen contents are large: a few at a time
            snapshots = []
            for response in submitted[start : start + 20]:
                content = self._content(phase, response)
                snapshots.append(
                    Snapshot(
                        response=response,
                        number=1,
                        submitted_at=response.submitted_at,
                        submitted_by=self.fp(response.state_id),
                        content=content,
                        sha256=content_hash(content),
                    )
                )
            insert(Snapshot, snapshots)
            self.counts["submissions"] += len(snapshots)
        self.values = {}

    def _content(self, phase, response) -> dict:
        """The frozen submission, in the shape responses.services._content gives it."""
        language = response.language
        values = self.values[response.pk]
        sections = []
        for code in REVIEWED:
            if code not in self.parties[response.state_id]:
                continue
            questionnaire = self.questionnaires[code]
            questions = [
                {
                    "id": q.qid,
                    "article": str(q.article.number),
                    "article_title": q.article.title,
                    "kind": q.kind,
                    "text": q.text.get(language) or q.text["en"],
                    "answer": values.get(q.qid),
                    "source": "",
                    "source_label": "",
                    "attachments": [],
                }
                for q in self.questions[(code, phase.cluster_id)]
                if condition_holds(q, values)
            ]
            sections.append(
                {
                    "instrument": code,
                    "instrument_name": questionnaire.instrument.short_name,
                    "version": questionnaire.version,
                    "questions": questions,
                }
            )
        state = self.state_by_id[response.state_id]
        return {
            "state": state.code,
            "state_name": state.name,
            "phase": phase.number,
            "phase_name": phase.name,
            "cluster": phase.cluster.code,
            "cluster_name": phase.cluster.name,
            "language": language,
            "deadline": response.deadline.isoformat(),
            "number": 1,
            "submitted_at": response.submitted_at.isoformat(),
            "submitted_by": self.fp(response.state_id).get_username(),
            "sections": sections,
        }

    def _allocation(self, review):
        """Each article to a reviewing State that covers its instrument, in turn (P 31)."""
        covers = self.covers[review.state_id]
        result = []
        for i, (code, article) in enumerate(self.articles(self.state_by_id[review.state_id], review.phase)):
            able = sorted(r for r, c in covers.items() if code in c.instruments) or sorted(covers)
            result.append((article, able[i % len(able)]))
        return result

    def _feedback(self, phase, reviews):
        allocations, feedback = [], []
        for review in reviews:
            sent = ORDER.index(review.status) >= ORDER.index(ReviewStatus.DIALOGUE)
            written_at = review.scheduled_at + dt.timedelta(days=130)
            for n, (article, reviewer) in enumerate(self._allocation(review)):
                allocations.append(
                    ArticleAllocation(
                        review=review,
                        article=article,
                        reviewer_id=reviewer,
                        expert=self.expert(reviewer),
                        allocated_by=self.fp(reviewer),
                        allocated_at=review.scheduled_at + dt.timedelta(days=95),
                    )
                )
                if not sent and n % 2:
                    continue  # feedback due: half written so far
                feedback.append(
                    Feedback(
                        review=review,
                        article=article,
                        reviewer_id=reviewer,
                        measures=f"The legislation cited in the responses covers {article}.",
                        successes="Recent convictions show that the provision is applied.",
                        challenges="Data on cases are not collected nationally.",
                        written_by=self.expert(reviewer),
                        updated_at=written_at,
                        sent_at=written_at + dt.timedelta(days=10) if sent else None,
                    )
                )
        insert(ArticleAllocation, allocations)
        feedback = insert(Feedback, feedback)
        questions = [
            FeedbackQuestion(
                feedback=f,
                kind="clarification",
                text="Could you share the text of the amendment adopted last year?",
                asked_by=self.expert(f.reviewer_id),
                asked_at=f.updated_at,
                answer="The amendment is attached in the dialogue thread." if f.sent_at else "",
                answered_by=self.fp(f.review.state_id) if f.sent_at else None,
                answered_at=f.sent_at,
            )
            for n, f in enumerate(feedback)
            if n % 5 == 0
        ]
        insert(FeedbackQuestion, questions)
        self.counts["feedback"] += len(feedback)

    def _files(self):
        if not hasattr(self, "stored_files"):
            self.stored_files = []
            for name, content_type, text in FILES:
                data = text.encode()
                path = private_storage().save(random_name("dialogue"), ContentFile(data))
                self.stored_files.append((path, name, len(data), content_type, hashlib.sha256(data).hexdigest()))
        return self.stored_files

    def _dialogue(self, phase, reviews):
        threads = []
        for review in reviews:
            opened = review.scheduled_at + dt.timedelta(days=140)
            threads.append(DialogueThread(review=review, subject="Constructive dialogue", created_at=opened))
            for _code, article in self.articles(self.state_by_id[review.state_id], phase)[:ARTICLE_THREADS]:
                threads.append(DialogueThread(review=review, article=article, subject=f"{article}", created_at=opened))
        threads = insert(DialogueThread, threads)
        per_review = int(MESSAGES_PER_REVIEW * self.volume)
        by_review = defaultdict(list)
        for t in threads:
            by_review[t.review_id].append(t)
        files = self._files()
        columns = [
            "thread_id",
            "author_id",
            "on_behalf_of_id",
            "kind",
            "held_on",
            "body",
            "idempotency_key",
            "posted_at",
        ]
        plan = []
        for review in reviews:
            state_id = review.state_id
            parties = [state_id, *sorted(self.covers[state_id])]
            language = review.language or "en"
            start = review.scheduled_at + dt.timedelta(days=140)
            for n in range(per_review):
                thread = by_review[review.pk][n % len(by_review[review.pk])]
                party = parties[n % len(parties)]
                author = self.fp(party) if n % 2 == 0 else self.expert(party)
                kind, held = MessageKind.MESSAGE, None
                if n % 40 == 39:
                    author, party, kind = self.secretariat, None, MessageKind.VIDEOCONFERENCE_RECORD
                    held = timezone.localdate(start) + dt.timedelta(days=n)
                body = f"{PHRASES[language]} ({n + 1})"
                posted = start + dt.timedelta(hours=6 * n)
                plan.append((thread.pk, author.pk, party, kind, held, body, self.uid(), posted))
        self.counts["messages"] += copy_rows(Message, columns, iter(plan))
        keys = [row[6] for n, row in enumerate(plan) if n % ATTACHMENT_EVERY == 5]
        ids = dict(Message.objects.filter(idempotency_key__in=keys).values_list("idempotency_key", "pk"))
        attachments = []
        for n, key in enumerate(keys):
            path, name, size, content_type, sha = files[n % len(files)]
            attachments.append(
                Attachment(message_id=ids[key], file=path, name=name, size=size, content_type=content_type, sha256=sha)
            )
        insert(Attachment, attachments)
        self.counts["attachments"] += len(attachments)

    def _observations(self, phase, reviews):
        lists = insert(
            ObservationList,
            [ObservationList(review=r, created_at=r.scheduled_at + dt.timedelta(days=180)) for r in reviews],
        )
        versions = []
        for lst in lists:
            review = lst.review
            articles = [a.pk for _c, a in self.articles(self.state_by_id[review.state_id], phase)]
            items = [
                {
                    "kind": ItemKind.GAP,
                    "text": "Statistics on prosecutions and convictions are not collected.",
                    "articles": articles[:1],
                },
                {
                    "kind": ItemKind.GOOD_PRACTICE,
                    "text": "A specialised unit of prosecutors handles the cases.",
                    "articles": articles[1:2] or articles[:1],
                },
                {
                    "kind": ItemKind.ASSISTANCE,
                    "text": "Training of judges and prosecutors on the new offences.",
                    "articles": articles[:1],
                },
                {
                    "kind": ItemKind.ASSISTANCE,
                    "text": "Legislative drafting assistance to align the Criminal Code.",
                    "articles": articles[-1:],
                },
            ]
            words = sum(len(i["text"].split()) for i in items)
            versions.append(
                ListVersion(
                    observation_list=lst,
                    number=1,
                    author=self.fp(min(self.covers[review.state_id])),
                    created_at=lst.created_at,
                    items=items,
                    word_count=words,
                )
            )
        versions = insert(ListVersion, versions)
        agreements, finals = [], []
        for lst, version in zip(lists, versions, strict=True):
            if lst.review.status != ReviewStatus.CLOSED:
                continue
            state_id = lst.review.state_id
            for party in [state_id, *sorted(self.covers[state_id])]:
                agreements.append(
                    ListAgreement(version=version, state_id=party, by=self.fp(party), at=lst.review.closed_at)
                )
            finals.append((lst.pk, version.pk, lst.review.closed_at))
        insert(ListAgreement, agreements)
        for pk, version_pk, at in finals:
            ObservationList.objects.filter(pk=pk).update(final_version_id=version_pk, finalised_at=at)
        self.counts["lists"] += len(lists)
        self.counts["final_lists"] += len(finals)
        from followup import services as followup_services

        for pk, _v, _at in finals:
            self.counts["assistance_needs"] += len(
                followup_services.track_needs(observation_list=ObservationList(pk=pk))
            )


def sign_in_note() -> str:
    return (
        "Sign in as fp-<iso3>, expert-<iso3> or contrib-<iso3> (every State of the world), secretariat-1, officer-1 "
        "or ngo-1; password DEMO_PASSWORD (default demo-pass-2026), the code the TOTP of DEMO_TOTP_SECRET "
        "(default JBSWY3DPEHPK3PXP), e.g. oathtool --totp -b JBSWY3DPEHPK3PXP."
    )


def expected(scale: float) -> dict:
    """What a world of this scale should hold, roughly: for the command's summary."""
    return {"states": math.ceil(len(states_subject_to_review()) * min(1.0, scale))}
