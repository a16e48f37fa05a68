from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Membership, Nomination, Organisation, PermanentRepresentative, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + (("Portal", {"fields": ["preferred_language"]}),)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "state", "organisation", "instrument", "active"]
    list_filter = ["role", "active"]
    readonly_fields = ["user", "role", "state", "organisation", "instrument"]  # granted through services only


admin.site.register([Organisation, PermanentRepresentative, Nomination])
