import factory
from django.contrib.auth import get_user_model

from sherloc.accounts import services
from sherloc.accounts.models import Organisation


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("a long test password")


def member(user, role, **kwargs):
    """Grant a role through the real service; organisations for non-State roles."""
    if "state" not in kwargs and "organisation" not in kwargs:
        kwargs["organisation"], _ = Organisation.objects.get_or_create(
            name=f"{role} office", defaults={"kind": "unodc"}
        )
    services.grant_membership(user=user, role=role, **kwargs)
    return user
