"""The admin shows the access log read-only: nothing can be added, changed or deleted there."""

from django.contrib import admin

from .models import AccessEvent


@admin.register(AccessEvent)
class AccessEventAdmin(admin.ModelAdmin):
    list_display = ("at", "username", "action", "allowed", "object_type", "object_id", "state", "ip")
    list_filter = ("action", "allowed")
    search_fields = ("username", "object_type")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
