from django.urls import path

from . import views

app_name = "disclosure"
urlpatterns = [
    path("", views.index, name="index"),
    path("public/", views.public, name="public"),
    path("state/<str:iso3>/", views.state, name="state"),
    path("state/<str:iso3>/public-use/", views.ask_public_use, name="ask_public_use"),
    path("decisions/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("requests/<int:pk>/answer/", views.answer, name="answer"),
    path("public-use/<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
]
