from django.urls import path

from . import views

app_name = "questionnaires"
urlpatterns = [
    path("", views.index, name="index"),
    path("instrument/<str:instrument>/", views.by_instrument, name="instrument"),
    path("cluster/<slug:cluster>/", views.by_cluster, name="cluster"),
]
