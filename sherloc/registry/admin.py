from django.contrib import admin

from .models import (
    Article,
    Cluster,
    ClusterArticle,
    Instrument,
    MechanismSettings,
    ReferenceSource,
    State,
    TreatyStatus,
    UncacCorrespondence,
    WorkplanPhase,
)


@admin.register(State)
class StateAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "un_regional_group", "review_group", "legal_system", "subject_to_review"]
    list_filter = ["un_regional_group", "review_group", "legal_system", "subject_to_review", "entity_type"]
    search_fields = ["name", "code"]


@admin.register(TreatyStatus)
class TreatyStatusAdmin(admin.ModelAdmin):
    list_display = ["state", "instrument", "status", "as_of", "superseded_at"]
    list_filter = ["instrument", "status"]
    search_fields = ["state__name", "state__code"]

    def has_change_permission(self, request, obj=None):
        return False  # statuses are superseded through the registry's service, never rewritten

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(
    [
        Instrument,
        Article,
        Cluster,
        ClusterArticle,
        ReferenceSource,
        WorkplanPhase,
        MechanismSettings,
        UncacCorrespondence,
    ]
)
