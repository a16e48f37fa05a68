"""Disclosure by the State (P 36, P 41, P 42): Austria, under review by France and Brazil, decides who else
reads its submitted responses, its dialogue and the files of it. Kenya (charlie) is an unrelated State party."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from disclosure import permissions, services
from disclosure.enums import Audience, Material, RequestDecision
from disclosure.models import Disclosure, DisclosureRequest, PublicUseRequest
from responses.models import Response
from reviews import services as review_services
from reviews.enums import ReviewStatus
from tests.conftest import verified_client
from tests.responses.conftest import questionnaires  # noqa: F401
from tests.reviews.conftest import advance, people, phase1, review  # noqa: F401

MARKER = "Marker-of-the-Austrian-dialogue-7781"


@pytest.fixture
def world(review, people):  # noqa: F811
    review = advance(review, people, ReviewStatus.DIALOGUE)
    thread = review_services.general_thread(review)
    message, _ = review_services.post_message(
        thread,
        by=people["bob"],
        body=MARKER,
        idempotency_key=uuid.uuid4(),
        files=[SimpleUploadedFile("note.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")],
    )
    response = Response.objects.get(state=review.state, phase=review.phase)
    return {
        "review": review,
        "thread": thread,
        "attachment": message.attachments.get(),
        "response": response,
        "shot": response.snapshots.get(),
        **people,
    }


def client_for(client, user):
    return verified_client(client, user) if user is not None else client


def submission_url(w):
    return reverse("responses:snapshot", args=[w["response"].pk, w["shot"].number])


def shared_responses_url(w):
    return reverse("responses:shared", args=["AUT", 1])


# --- who decides (truth table) ----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who, decides, sees",
    [
        ("alice", True, True),  # Austria's focal point (P 17)
        ("erin", False, True),  # Austria's expert
        ("carl", False, True),  # Austria's national contributor
        ("bob", False, False),  # France's focal point, reviewing
        ("bea", False, False),  # Brazil's expert, reviewing
        ("sam", False, True),  # the secretariat sees, never decides for the State
        ("charlie", False, False),  # an unrelated State
        ("stakeholder", False, False),
        ("anonymous", False, False),
    ],
)
def test_only_the_states_focal_point_decides_on_its_material_P41_P42(world, stakeholder, who, decides, sees):
    from django.contrib.auth.models import AnonymousUser

    user = {"stakeholder": stakeholder, "anonymous": AnonymousUser()}.get(who) or world[who]
    state = world["review"].state
    assert permissions.may_decide(user, state) is decides
    assert permissions.may_see_decisions(user, state) is sees


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["erin", "bob", "sam", "charlie"])
def test_no_one_but_the_focal_point_can_post_a_disclosure_P42(client, world, who):
    url = reverse("responses:disclose", args=[world["response"].pk])
    answer = client_for(client, world[who]).post(url, {"audience": "public"})
    assert answer.status_code == 404
    assert not Disclosure.objects.exists()


# --- P 41: responses released to every State party ----------------------------------------------------------------


@pytest.mark.django_db
def test_released_responses_are_read_by_other_states_parties_and_withdrawn_again_P41(client, world, stakeholder):
    charlie = verified_client(client, world["charlie"])
    assert charlie.get(submission_url(world)).status_code == 404  # before: only the parties and the secretariat

    alice = verified_client(type(client)(), world["alice"])
    assert (
        alice.post(
            reverse("responses:disclose", args=[world["response"].pk]), {"audience": "states_parties"}
        ).status_code
        == 302
    )
    decision = Disclosure.objects.get()
    assert (decision.audience, decision.part, decision.decided_by) == (Audience.STATES_PARTIES, "", world["alice"])
    assert decision.decided_at is not None

    page = charlie.get(submission_url(world))
    assert page.status_code == 200 and "Criminal Code" in page.content.decode()
    assert charlie.get(shared_responses_url(world)).status_code == 200
    # a stakeholder is not a State party, and the public was not given it
    assert verified_client(type(client)(), stakeholder).get(shared_responses_url(world)).status_code == 404
    assert type(client)().get(shared_responses_url(world)).status_code == 404

    assert alice.post(reverse("disclosure:withdraw", args=[decision.pk])).status_code == 302
    decision.refresh_from_db()
    assert decision.withdrawn_by == world["alice"] and decision.withdrawn_at is not None
    assert charlie.get(submission_url(world)).status_code == 404
    assert "Criminal Code" not in charlie.get(shared_responses_url(world)).content.decode()


# --- P 42: public, in whole or in part ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_one_section_made_public_is_read_without_signing_in_and_nothing_else_P42(client, world):
    sections = world["shot"].content["sections"]
    assert len(sections) > 1
    public, private = sections[0], sections[1]
    alice = verified_client(type(client)(), world["alice"])
    alice.post(
        reverse("responses:disclose", args=[world["response"].pk]),
        {"audience": "public", "sections": [public["instrument"]]},
    )
    page = client.get(shared_responses_url(world))
    body = page.content.decode()
    assert page.status_code == 200
    assert public["instrument_name"] in body and private["instrument_name"] not in body
    # the whole submission and its PDF still need a party's sign-in
    assert client.get(submission_url(world)).status_code == 302
    listed = client.get(reverse("disclosure:public")).content.decode()
    assert "Austria" in listed and public["instrument_name"] in listed


@pytest.mark.django_db
def test_a_thread_made_public_is_read_by_anyone_and_its_files_only_when_shared_too_P42(client, world):
    alice = verified_client(type(client)(), world["alice"])
    url = reverse("reviews:shared", args=["AUT", 1])
    assert client.get(url).status_code == 404
    alice.post(
        reverse("reviews:disclose", args=[world["review"].pk]),
        {"material": "dialogue", "threads": [str(world["thread"].pk)]},
    )
    page = client.get(url)
    assert page.status_code == 200 and MARKER in page.content.decode()
    file_url = reverse("reviews:shared_attachment", args=[world["attachment"].pk])
    assert file_url not in page.content.decode()
    assert client.get(file_url).status_code == 404
    alice.post(reverse("reviews:disclose", args=[world["review"].pk]), {"material": "documentation"})
    assert file_url in client.get(url).content.decode()
    got = client.get(file_url)
    assert got.status_code == 200, got.content.decode()[:3000]


# --- P 41: the dialogue on request --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_request_granted_opens_the_dialogue_to_that_state_only_and_read_only_P41(client, world, stakeholder):
    charlie = verified_client(client, world["charlie"])
    thread_url = reverse("reviews:thread", args=[world["thread"].pk])
    assert charlie.get(thread_url).status_code == 404
    asked = charlie.post(
        reverse("disclosure:index"),
        {
            "state": world["review"].state.pk,
            "phase": world["review"].phase.pk,
            "material": "dialogue",
            "requesting_state": world["charlie"].memberships.get().state_id,
            "reason": "To learn from Austria's approach",
        },
    )
    assert asked.status_code == 302
    request = DisclosureRequest.objects.get()
    assert request.decision == RequestDecision.PENDING
    assert charlie.get(thread_url).status_code == 404  # asking is not reading

    alice = verified_client(type(client)(), world["alice"])
    assert (
        world["charlie"].memberships.get().state.name
        in alice.get(reverse("disclosure:state", args=["AUT"])).content.decode()
    )
    alice.post(reverse("disclosure:answer", args=[request.pk]), {"grant": "yes", "note": "Granted."})
    request.refresh_from_db()
    assert (request.decision, request.decided_by) == (RequestDecision.GRANTED, world["alice"])
    assert Disclosure.objects.get().to_state_id == request.requesting_state_id

    page = charlie.get(thread_url)
    assert page.status_code == 200 and MARKER in page.content.decode()
    posted = charlie.post(
        thread_url, {"body": "A reader's reply", "kind": "message", "idempotency_key": str(uuid.uuid4())}
    )
    assert posted.status_code == 404
    assert charlie.get(reverse("reviews:attachment", args=[world["attachment"].pk])).status_code == 404
    # another unrelated State, a stakeholder and the public still see nothing
    assert verified_client(type(client)(), stakeholder).get(thread_url).status_code == 404
    assert type(client)().get(reverse("reviews:shared", args=["AUT", 1])).status_code == 404


@pytest.mark.django_db
def test_a_declined_request_keeps_the_dialogue_closed_and_is_recorded_P41(client, world):
    kenya = world["charlie"].memberships.get().state
    request = services.ask(
        state=world["review"].state,
        phase=world["review"].phase,
        material=Material.DIALOGUE,
        requesting_state=kenya,
        by=world["charlie"],
        reason="Learning",
    )
    services.answer(request=request, grant=False, by=world["alice"], note="Not now.")
    request.refresh_from_db()
    assert request.decision == RequestDecision.DECLINED and request.decided_at is not None
    assert not Disclosure.objects.exists()
    charlie = verified_client(client, world["charlie"])
    assert charlie.get(reverse("reviews:thread", args=[world["thread"].pk])).status_code == 404
    with pytest.raises(services.DisclosureRefused):
        services.answer(request=request, grant=True, by=world["alice"])


@pytest.mark.django_db
def test_responses_are_released_not_requested_and_a_request_needs_a_reason_P41(world):
    kenya = world["charlie"].memberships.get().state
    common = {
        "state": world["review"].state,
        "phase": world["review"].phase,
        "requesting_state": kenya,
        "by": world["charlie"],
    }
    with pytest.raises(services.DisclosureRefused):
        services.ask(material=Material.RESPONSES, reason="x", **common)
    with pytest.raises(services.DisclosureRefused):
        services.ask(material=Material.DIALOGUE, reason="   ", **common)
    services.ask(material=Material.DIALOGUE, reason="Learning", **common)
    with pytest.raises(services.DisclosureRefused):  # one pending request per material
        services.ask(material=Material.DIALOGUE, reason="Again", **common)
    assert DisclosureRequest.objects.count() == 1


# --- P 36: the secretariat asked to use the State's information ----------------------------------------------------


@pytest.mark.django_db
def test_the_state_asks_the_secretariat_to_use_its_information_in_public_pages_P36(client, world):
    alice = verified_client(client, world["alice"])
    alice.post(
        reverse("disclosure:ask_public_use", args=["AUT"]),
        {"phase": world["review"].phase.pk, "scope": "Our legislation answers"},
    )
    asked = PublicUseRequest.objects.get()
    assert asked.requested_by == world["alice"]
    charlie = verified_client(type(client)(), world["charlie"])
    assert charlie.post(reverse("disclosure:acknowledge", args=[asked.pk])).status_code == 404
    sam = verified_client(type(client)(), world["sam"])
    assert "Our legislation answers" in sam.get(reverse("disclosure:index")).content.decode()
    sam.post(reverse("disclosure:acknowledge", args=[asked.pk]))
    asked.refresh_from_db()
    assert asked.acknowledged_by == world["sam"] and asked.acknowledged_at is not None


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["bob", "charlie", "stakeholder"])
def test_a_states_decisions_page_is_not_found_for_others(client, world, stakeholder, who):
    user = stakeholder if who == "stakeholder" else world[who]
    assert verified_client(client, user).get(reverse("disclosure:state", args=["AUT"])).status_code == 404


@pytest.mark.django_db
def test_a_request_for_an_unknown_state_is_refused_with_a_message_and_nothing_stored(client, world):
    charlie = verified_client(client, world["charlie"])
    answer = charlie.post(
        reverse("disclosure:index"), {"state": "999999999", "phase": "x", "material": "dialogue", "reason": "r"}
    )
    assert answer.status_code == 400
    assert not DisclosureRequest.objects.exists()


@pytest.mark.django_db
def test_every_disclosure_decision_and_every_read_of_what_was_shared_is_in_the_access_log(client, world):
    from sherloc.audit.models import AccessEvent

    alice = verified_client(type(client)(), world["alice"])
    alice.post(reverse("responses:disclose", args=[world["response"].pk]), {"audience": "states_parties"})
    decision = Disclosure.objects.get()
    alice.post(reverse("disclosure:withdraw", args=[decision.pk]))
    logged = AccessEvent.objects.filter(action="disclosure", user=world["alice"], state=world["review"].state)
    assert logged.count() == 2
    alice.post(
        reverse("reviews:disclose", args=[world["review"].pk]),
        {"material": "dialogue", "threads": [str(world["thread"].pk)]},
    )
    charlie = verified_client(client, world["charlie"])
    assert charlie.get(reverse("reviews:shared", args=["AUT", 1])).status_code == 200
    assert AccessEvent.objects.filter(
        user=world["charlie"], action="view", object_type="reviews.countryreview"
    ).exists()


@pytest.mark.django_db
def test_one_file_of_the_dialogue_made_public_and_not_the_others_P42(client, world):
    """P 42 "or part thereof": the State makes public one document of its dialogue, not all of them."""
    second, _ = review_services.post_message(
        world["thread"],
        by=world["bob"],
        body="Another file",
        idempotency_key=uuid.uuid4(),
        files=[SimpleUploadedFile("other.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")],
    )
    other = second.attachments.get()
    alice = verified_client(type(client)(), world["alice"])
    disclose = reverse("reviews:disclose", args=[world["review"].pk])
    alice.post(disclose, {"material": "dialogue"})
    alice.post(disclose, {"material": "documentation", "files": [str(world["attachment"].pk)]})
    decision = Disclosure.objects.get(material=Material.DOCUMENTATION)
    assert (decision.part, decision.part_label) == (str(world["attachment"].pk), "note.pdf")
    assert client.get(reverse("reviews:shared_attachment", args=[world["attachment"].pk])).status_code == 200
    assert client.get(reverse("reviews:shared_attachment", args=[other.pk])).status_code == 404
