from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.search, name="search"),
    path("states/<str:code>/", views.state_log, name="state"),
]
