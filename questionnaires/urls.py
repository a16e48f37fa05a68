from django.urls import path

from . import views

app_name = "questionnaires"
urlpatterns = [
    path("", views.index, name="index"),
    path("instrument/<str:instrument>/", views.by_instrument, name="instrument"),
    path("cluster/<slug:cluster>/", views.by_cluster, name="cluster"),
    # the definitions editor (secretariat)
    path("definitions/", views.definitions, name="definitions"),
    path("definitions/<int:pk>/", views.version, name="version"),
    path("definitions/<int:pk>/new-version/", views.new_version, name="new_version"),
    path("definitions/<int:pk>/finalise/", views.finalise, name="finalise"),
    path("definitions/<int:pk>/adopt/", views.adopt, name="adopt"),
    path("definitions/<int:pk>/questions/new/", views.question_add, name="question_add"),
    path("definitions/<int:pk>/questions/<str:qid>/", views.question_edit, name="question_edit"),
    path("definitions/<int:pk>/questions/<str:qid>/delete/", views.question_delete, name="question_delete"),
    path("definitions/<int:pk>/questions/<str:qid>/move/", views.question_move, name="question_move"),
]
