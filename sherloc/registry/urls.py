from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("states/", views.state_list, name="states"),
    path("states/import/", views.import_statuses, name="import"),
    path("states/<str:code>/", views.state_detail, name="state"),
    path("clusters/", views.table_one, name="table_one"),
    path("workplan/", views.workplan, name="workplan"),
]
