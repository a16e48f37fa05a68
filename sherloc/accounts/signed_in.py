"""The signed-in user and the second factor they signed in with, read from the cache rather than the
database on every request.

Every signed-in request used to load the user's row and their authenticator's row: two queries and two
model instances, most of what a signed-in page paid before its own work (benchmarks/load.py). Both are
now kept in the cache (Redis where REDIS_URL is set) for at most SESSION_REFRESH_SECONDS, and dropped the
moment the row is saved or deleted through the ORM (a password change, a deactivation, a new or removed
device, a verified code). A change that bypasses the ORM (a bulk UPDATE) is seen within
SESSION_REFRESH_SECONDS at the latest. Nothing about roles is cached here: memberships are read per
request (sherloc/accounts/permissions.py)."""

import copy

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware
from django_otp.models import Device

# Part of every key. Tests change it between tests, so no object cached by one test (whose database rows
# were rolled back, and whose ids may come again) is read by the next.
generation = ""


def _ttl() -> int:
    return settings.SESSION_REFRESH_SECONDS


def user_key(pk) -> str:
    return f"accounts:signed-in:{settings.SIGNED_IN_CACHE_VERSION}{generation}:user:{pk}"


# One cache entry per user: {"user": the user, "devices": {persistent id: device}}, so that a signed-in
# request makes one cache read for both (and one for its session).
ENTRY = "_signed_in_entry"


class CachedModelBackend(ModelBackend):
    """Django's ModelBackend, with the user of a session read from the cache."""

    def get_user(self, user_id):
        entry = cache.get(user_key(user_id))
        if entry is None:
            user = super().get_user(user_id)  # None for a missing or inactive user: not cached
            if user is not None:
                entry = {"user": user, "devices": {}}
                _remember(entry)
        else:
            user = entry["user"] if self.user_can_authenticate(entry["user"]) else None
        if user is not None:
            user.__dict__[ENTRY] = entry
        return user


class CachedOTPMiddleware(OTPMiddleware):
    """django-otp's middleware, with the device named in the session read from the user's cache entry.
    django-otp still checks that the device belongs to the user and is confirmed."""

    def _verify_user_sync(self, request, user):
        self._init_user_fields(user)
        if user.is_authenticated:
            persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
            device = self._cached_device(user, persistent_id) if persistent_id else None
            user.otp_device = self._finalize_device(request, user, device)
        return user

    def _cached_device(self, user, persistent_id):
        entry = getattr(user, ENTRY, None)  # user may be a lazy object wrapping the loaded one
        if entry is not None and persistent_id in entry["devices"]:
            return entry["devices"][persistent_id]
        device = self._device_from_persistent_id(persistent_id)
        if entry is not None and device is not None and device.user_id == user.pk:
            entry["devices"][persistent_id] = device
            _remember(entry)
        return device


def _remember(entry) -> None:
    user = entry["user"]
    cache.set(user_key(user.pk), {"user": _as_loaded(user), "devices": entry["devices"]}, _ttl())


def _as_loaded(user):
    """The user as the database gave it: none of what the request added (roles, the device, this entry)."""
    loaded = copy.copy(user)
    keep = {field.attname for field in user._meta.concrete_fields} | {"_state"}
    loaded.__dict__ = {name: value for name, value in user.__dict__.items() if name in keep}
    return loaded


def forget(sender, instance, **kwargs):
    """post_save and post_delete of any model: drop a user's cache entry the moment the user's row or one of
    their devices changes."""
    if isinstance(instance, Device):
        cache.delete(user_key(instance.user_id))
    elif sender is _user_model():
        cache.delete(user_key(instance.pk))


def _user_model():
    from django.contrib.auth import get_user_model

    return get_user_model()
