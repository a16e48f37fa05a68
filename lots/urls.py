from django.urls import path

from . import views

app_name = "lots"
urlpatterns = [
    path("", views.index, name="index"),
    path("sessions/<int:pk>/", views.session_view, name="session"),
    path("sessions/<int:pk>/log.json", views.session_log, name="log"),
    path("sessions/<int:pk>/<str:action>/", views.session_action, name="action"),
]
