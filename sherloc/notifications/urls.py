from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.notices, name="list"),
    path("settings/", views.preferences, name="preferences"),
    path("follow/", views.follow, name="follow"),
]
