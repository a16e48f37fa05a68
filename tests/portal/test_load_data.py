"""The load world (manage.py generate_load_data): built small on the test database, it follows the model's
own rules and every role's main pages open on it."""

import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse

from portal.load import world as load
from responses.enums import ResponseStatus
from responses.models import Answer, Response, Snapshot
from reviews import permissions as review_permissions
from reviews.enums import ReviewStatus
from reviews.models import Attachment, CountryReview, DialogueThread, Feedback, Message
from sherloc.accounts.models import User
from sherloc.registry.selectors import states_subject_to_review
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db
SCALE = 0.03


def test_the_share_of_states_grows_with_the_scale():
    states = list(range(180))
    sizes = [len(load.share_of(states, s)) for s in (0.01, 0.1, 0.5, 1, 2)]
    assert sizes == [2, 18, 90, 180, 180]
    assert load.share_of(states, 1) == states
    assert len(set(load.share_of(states, 0.5))) == 90  # no State twice


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module's tests, in a transaction rolled back after them."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = io.StringIO()
        call_command("generate_load_data", "--scale", str(SCALE), "--force", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def test_a_small_world_is_a_share_of_a_full_cycle(world):
    reviewed = CountryReview.objects.values("state").distinct().count()
    expected = len(load.share_of(states_subject_to_review(), SCALE))
    assert 0 < reviewed <= expected
    # every State reviewed in all four phases; the first three complete, the fourth at every stage
    assert CountryReview.objects.count() == 4 * reviewed
    assert CountryReview.objects.filter(phase__number__lt=4).exclude(status=ReviewStatus.CLOSED).count() == 0
    in_dialogue = CountryReview.objects.filter(
        status__in=[ReviewStatus.DIALOGUE, ReviewStatus.OBSERVATIONS, ReviewStatus.CLOSED]
    ).count()
    assert Message.objects.count() == load.MESSAGES_PER_REVIEW * in_dialogue
    assert Attachment.objects.count() > 0
    assert DialogueThread.objects.filter(article__isnull=True).count() == in_dialogue
    # answers: every question of every submitted response, in the languages of the reviews
    assert Answer.objects.count() > 1000 * reviewed
    assert Response.objects.values("language").distinct().count() > 1
    assert "Load world (scale 0.03) built" in world and "Sign in as fp-<iso3>" in world


def test_the_world_follows_the_models_rules(world):
    for review in CountryReview.objects.filter(status=ReviewStatus.CLOSED).select_related("observation_list")[:20]:
        assert review.observation_list.is_final  # P 39: completed by the agreed list
    for shot in Snapshot.objects.select_related("response")[:5]:
        assert shot.response.status == ResponseStatus.SUBMITTED
        from responses.services import content_hash

        assert shot.sha256 == content_hash(shot.content)  # P 19
    for feedback in Feedback.objects.select_related("review")[:50]:
        # the written feedback on an article comes from a reviewing State drawn for it (P 28, P 31)
        assert feedback.reviewer_id in review_permissions.reviewer_ids(feedback.review)
    attachment = Attachment.objects.first()
    import hashlib

    with attachment.file.open("rb") as f:
        assert hashlib.sha256(f.read()).hexdigest() == attachment.sha256
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor, pytest.raises(Exception, match="archive|refuse|append"):
            cursor.execute("UPDATE reviews_message SET body = 'changed' WHERE id = %s", [Message.objects.first().pk])


def test_every_role_opens_its_main_pages(client, world):
    review = CountryReview.objects.filter(status=ReviewStatus.DIALOGUE).select_related("state").first()
    if review is None:
        review = (
            CountryReview.objects.filter(status=ReviewStatus.CLOSED, phase__number=3).select_related("state").first()
        )
    code = review.state.code.lower()
    thread = DialogueThread.objects.get(review=review, article__isnull=True)
    response = Response.objects.get(state=review.state, phase=review.phase)
    reviewer = sorted(review_permissions.reviewer_ids(review))[0]
    from sherloc.registry.models import State

    rcode = State.objects.get(pk=reviewer).code.lower()
    visits = [
        (f"fp-{code}", reverse("portal:home")),
        (f"fp-{code}", reverse("reviews:detail", args=[review.pk])),
        (f"fp-{code}", reverse("reviews:thread", args=[thread.pk])),
        (f"fp-{code}", reverse("responses:detail", args=[response.pk])),
        (f"contrib-{code}", reverse("responses:detail", args=[response.pk])),
        (f"expert-{rcode}", reverse("reviews:feedback", args=[review.pk])),
        (f"expert-{rcode}", reverse("reviews:thread", args=[thread.pk])),
        (f"fp-{rcode}", reverse("responses:snapshot", args=[response.pk, 1])),
        ("secretariat-1", reverse("reviews:overview")),
        ("secretariat-1", reverse("reviews:detail", args=[review.pk])),
    ]
    for username, path in visits:
        client.logout()
        verified_client(client, User.objects.get(username=username))
        assert client.get(path).status_code == 200, (username, path)


def test_a_second_run_is_refused(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="already holds"):
        call_command("generate_load_data", "--scale", str(SCALE), "--force", stdout=io.StringIO())
