from django.urls import path

from . import views

app_name = "stakeholders"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.meeting_new, name="meeting_new"),
    path("organisations/import/", views.import_organisations, name="import"),
    path("reports/", views.reports, name="reports"),
    path("reports/new/", views.report_new, name="report_new"),
    path("<int:pk>/", views.meeting, name="meeting"),
    path("<int:pk>/invite/", views.invite, name="invite"),
    path("<int:pk>/briefings/", views.briefing_upload, name="briefing_upload"),
    path("<int:pk>/register/", views.register, name="register"),
    path("<int:pk>/comments/", views.comment, name="comment"),
    path("<int:pk>/summary/", views.summary, name="summary"),
    path("<int:pk>/summary/issue/", views.summary_issue, name="summary_issue"),
    path("briefings/<int:pk>/", views.briefing, name="briefing"),
    path("invitations/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("invitations/<int:pk>/bounced/", views.bounced, name="bounced"),
    path("invitations/<int:pk>/object/", views.object_to, name="object"),
    path("objections/<int:pk>/decide/", views.decide, name="decide"),
    path("comments/<int:pk>/release/", views.release, name="release"),
    path("comments/<int:pk>/return/", views.return_to_author, name="return"),
    path("comments/<int:pk>/file/", views.comment_file, name="comment_file"),
]
