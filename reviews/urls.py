from django.urls import path

from . import views

app_name = "reviews"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("all/", views.overview, name="overview"),
    path("progress/", views.public, name="public"),
    path("phases/", views.phases, name="phases"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/move/<str:to>/", views.transition, name="transition"),
    path("<int:pk>/consultations/", views.consultations, name="consultations"),
    path("<int:pk>/articles/", views.allocation, name="allocation"),
    path("<int:pk>/feedback/", views.feedback, name="feedback"),
    path("<int:pk>/submission/", views.submission, name="submission"),
    path("<int:pk>/dialogue/", views.general_thread, name="dialogue"),
    path("<int:pk>/dialogue/article/", views.open_article_thread, name="article_thread"),
    path("threads/<int:pk>/", views.thread, name="thread"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("<int:pk>/disclose/", views.disclose, name="disclose"),
    path("shared/<str:iso3>/<int:phase>/", views.shared, name="shared"),
    path("shared-files/<int:pk>/", views.shared_attachment, name="shared_attachment"),
]
