"""The sessions of the Conference are kept in the admin; the rest is read there and written by the services."""

from django.contrib import admin

from .models import ConferenceSession, Invitation, Meeting, StakeholderProfile


@admin.register(ConferenceSession)
class ConferenceSessionAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "starts_on", "ends_on"]


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StakeholderProfile)
class StakeholderProfileAdmin(ReadOnly):
    list_display = ["organisation", "ecosoc_status", "email"]
    search_fields = ["organisation__name"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnly):
    list_display = ["title", "working_group", "date", "place"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnly):
    list_display = ["meeting", "profile", "status", "sent_at", "confirmed_at"]
    list_filter = ["status"]
