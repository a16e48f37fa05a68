from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Membership, Nomination, Organisation, PermanentRepresentative, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + (("Portal", {"fields": ["preferred_language"]}),)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Memberships are granted and ended by the services only, which give and withdraw the access with them:
    here they are read, and ended through the "End membership" action (a ticked-off `active` kept the access)."""

    list_display = ["user", "role", "state", "organisation", "instrument", "active", "since", "ended"]
    list_filter = ["role", "active"]
    readonly_fields = ["user", "role", "state", "organisation", "instrument", "active", "since", "ended", "nomination"]
    actions = ["end_memberships"]

    def has_add_permission(self, request):
        return False  # granted through nominations and appointments (services.grant_membership)

    def has_delete_permission(self, request, obj=None):
        return False  # a membership ends, with its date; deleting the row would keep the access it gave

    @admin.action(description=_("End membership (withdraws the access it gives)"), permissions=["change"])
    def end_memberships(self, request, queryset):
        ended = 0
        for membership in queryset.filter(active=True).select_related("user", "state"):
            services.end_membership(membership=membership)
            ended += 1
        self.message_user(
            request,
            ngettext("%(count)d membership ended.", "%(count)d memberships ended.", ended) % {"count": ended},
            messages.SUCCESS,
        )


admin.site.register([Organisation, PermanentRepresentative, Nomination])
