from django.urls import path

from . import views

app_name = "followup"

urlpatterns = [
    path("", views.index, name="index"),
    path("review/<int:pk>/", views.review_page, name="review"),
    path("review/<int:pk>/progress/", views.progress, name="progress"),
    path("progress/", views.progress_collected, name="progress_collected"),
    path("need/<int:pk>/", views.need_report, name="need_report"),
    path("need/<int:pk>/request/", views.need_request, name="need_request"),
    path("request/<int:pk>/answer/", views.answer, name="answer"),
    path("assistance/", views.assistance, name="assistance"),
    path("assistance.csv", views.assistance_csv, name="assistance_csv"),
    path("general/", views.general, name="general"),
    path("general/phase/<int:number>/", views.general_phase, name="general_phase"),
    path("general/edition/<int:pk>/", views.edition, name="edition"),
]
