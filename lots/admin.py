"""The secretariat records volunteers (P 29) and volunteering signatories (P 51) before a draw.

Sessions, their log and the assignments are read-only here: they change only through the
drawing itself (lots.services), so that the record stays the one the log replays.
"""

from django.contrib import admin

from .models import Volunteer, VolunteeringSignatory


@admin.register(Volunteer)
class VolunteerAdmin(admin.ModelAdmin):
    list_display = ["state", "max_reviews", "decision_reference"]
    autocomplete_fields = ["state"]


@admin.register(VolunteeringSignatory)
class VolunteeringSignatoryAdmin(admin.ModelAdmin):
    list_display = ["state", "decision_reference", "costs_from_voluntary_contributions"]
    autocomplete_fields = ["state"]
