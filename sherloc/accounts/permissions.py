"""Who may do what with people and roles: the one place that talks to django-guardian.

Object permissions on a State come from memberships (granted and revoked by the
services); portal-wide powers come from a Django group per role.
"""

from django.contrib.auth.models import Group, Permission
from django.db import connection
from guardian.shortcuts import assign_perm, get_objects_for_user, remove_perm

from sherloc.registry.models import State

from .enums import Role

STATE_PERMISSIONS = {
    Role.FOCAL_POINT: ["coordinate_state", "act_for_state", "view_state_material"],
    Role.GOVERNMENTAL_EXPERT: ["act_for_state", "view_state_material"],
    Role.NATIONAL_CONTRIBUTOR: ["view_state_material"],
    Role.OBSERVER: ["view_state_material"],
}

ROLE_GROUP_PERMISSIONS = {
    Role.SECRETARIAT: [
        "registry.change_state",
        "registry.add_treatystatus",
        "registry.change_workplanphase",
        "registry.change_mechanismsettings",
        "accounts.add_nomination",
        "accounts.view_membership",
        "accounts.change_membership",
    ],
    Role.CONFERENCE_OFFICER: [],
    Role.STAKEHOLDER: [],
}


def role_group(role: str) -> Group:
    group, created = Group.objects.get_or_create(name=f"role:{role}")
    if created:
        for name in ROLE_GROUP_PERMISSIONS.get(role, []):
            app_label, codename = name.split(".")
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return group


def _once(user, key: str, compute):
    """A fact about the user's roles, read once per request: the request's user object keeps it (like
    Django's own permission cache); granting or ending a membership forgets it."""
    cache = user.__dict__.setdefault("_roles_cache", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def forget_roles(user) -> None:
    user.__dict__.pop("_roles_cache", None)
    user.__dict__.pop("_stakeholder_only", None)
    for attr in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(attr, None)


def grant(membership) -> None:
    user = membership.user
    forget_roles(user)
    for codename in STATE_PERMISSIONS.get(membership.role, []):
        assign_perm(f"registry.{codename}", user, membership.state)
    if membership.role in ROLE_GROUP_PERMISSIONS:
        user.groups.add(role_group(membership.role))


def revoke(membership) -> None:
    """Withdraw what this membership gave, keeping what another active membership still gives."""
    user = membership.user
    forget_roles(user)
    others = user.memberships.active().exclude(pk=membership.pk)
    if membership.state_id:
        kept = {c for m in others.filter(state=membership.state) for c in STATE_PERMISSIONS.get(m.role, [])}
        for codename in set(STATE_PERMISSIONS.get(membership.role, [])) - kept:
            remove_perm(f"registry.{codename}", user, membership.state)
    if membership.role in ROLE_GROUP_PERMISSIONS and not others.filter(role=membership.role).exists():
        user.groups.remove(role_group(membership.role))


def is_secretariat(user) -> bool:
    if not user.is_authenticated:
        return False
    return _once(user, "secretariat", lambda: user.groups.filter(name=f"role:{Role.SECRETARIAT}").exists())


def can_register_nominations(user) -> bool:
    return user.is_authenticated and user.has_perm("accounts.add_nomination")


def can_view_directory(user) -> bool:
    """The directory of focal points and experts is for signed-in States' users and the secretariat."""
    if not user.is_authenticated:
        return False
    return is_secretariat(user) or user.memberships.active().filter(role__in=Role.state_roles()).exists()


def can_coordinate(user, state: State) -> bool:
    return user.is_authenticated and user.has_perm("registry.coordinate_state", state)


def can_act_for(user, state: State) -> bool:
    return user.is_authenticated and user.has_perm("registry.act_for_state", state)


def can_view_state_material(user, state: State) -> bool:
    return user.is_authenticated and user.has_perm("registry.view_state_material", state)


def can_appoint_focal_point(user, state: State) -> bool:
    return can_register_nominations(user)


def acting_state_ids(user) -> frozenset[int]:
    """The States a user acts for (focal point or governmental expert, P 27), in one query."""
    if not user.is_authenticated:
        return frozenset()
    return _once(user, "acting", lambda: _state_ids(user, "registry.act_for_state"))


def coordinated_state_ids(user) -> frozenset[int]:
    """The States whose focal point the user is (P 17), in one query."""
    if not user.is_authenticated:
        return frozenset()
    return _once(user, "coordinated", lambda: _state_ids(user, "registry.coordinate_state"))


def member_state_ids(user) -> frozenset[int]:
    """The States a user holds any State role for (focal point, expert, contributor, observer), in one query."""
    if not user.is_authenticated:
        return frozenset()
    return _once(user, "member", lambda: _state_ids(user, "registry.view_state_material"))


def _state_ids(user, perm: str) -> frozenset[int]:
    states = get_objects_for_user(user, perm, klass=State, accept_global_perms=False)
    return frozenset(states.values_list("pk", flat=True))


def is_stakeholder_only(user) -> bool:
    """A user whose only roles are a stakeholder's (section IX): never any country review material.
    Asked once per request (cached on the user)."""
    if not user.is_authenticated or user.is_superuser:
        return False
    cached = user.__dict__.get("_stakeholder_only")
    if cached is None:
        # asked before every page of the review apps: a constant statement, one read of an index, rather than
        # a query built anew each time (NULL, so False, for a user with no active role)
        with connection.cursor() as cursor:
            cursor.execute(_ONLY_STAKEHOLDER_ROLES, [Role.STAKEHOLDER.value, user.pk])
            cached = bool(cursor.fetchone()[0])
        user.__dict__["_stakeholder_only"] = cached
    return cached


_ONLY_STAKEHOLDER_ROLES = "SELECT bool_and(role = %s) FROM accounts_membership WHERE user_id = %s AND active"
