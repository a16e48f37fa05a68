from django.urls import path

from . import views

app_name = "observations"
urlpatterns = [
    path("review/<int:pk>/", views.list_page, name="list"),
    path("review/<int:pk>/edit/", views.list_edit, name="list_edit"),
    path("review/<int:pk>/agree/", views.list_agree, name="list_agree"),
    path("review/<int:pk>/comment/", views.list_comment, name="list_comment"),
    path("review/<int:pk>/issue/", views.list_issue, name="list_issue"),
    path("report/<str:code>/", views.report_page, name="report"),
    path("report/<str:code>/start/", views.report_start, name="report_start"),
    path("report/<str:code>/edit/", views.report_edit, name="report_edit"),
    path("report/<str:code>/translations/", views.report_translations, name="report_translations"),
    path("report/<str:code>/<str:action>/", views.report_action, name="report_action"),
    path("blueprint/", views.blueprint, name="blueprint"),
]
