from django.conf import settings
from django.utils.translation import get_language_bidi

from sherloc.accounts import permissions as account_permissions
from sherloc.registry import permissions as registry_permissions
from stakeholders import permissions as stakeholder_permissions


def portal(request):
    user = getattr(request, "user", None)
    verified = bool(user and user.is_authenticated and user.is_verified())
    return {
        "rtl": get_language_bidi(),
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "nav": {
            "signed_in": verified,
            "directory": verified and account_permissions.can_view_directory(user),
            "nominations": verified and account_permissions.can_register_nominations(user),
            "registry_admin": verified and registry_permissions.can_edit_registry(user),
            "lots": verified,
            "stakeholders": verified and stakeholder_permissions.may_see_meetings(user),
            "review_material": verified and not account_permissions.is_stakeholder_only(user),
            # the access log: the secretariat searches it, a focal point reads its own State's part
            "access_log": verified and account_permissions.is_secretariat(user),
            "state_logs": _coordinated(user) if verified else [],
        },
    }


def _coordinated(user) -> list:
    from sherloc.registry.models import State

    ids = account_permissions.coordinated_state_ids(user)
    return list(State.objects.filter(pk__in=ids).order_by("name").values_list("code", flat=True)) if ids else []
