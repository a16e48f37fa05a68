from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("", views.library, name="library"),
    path("new/", views.new_crp, name="new_crp"),
    path("translations/", views.translations, name="translations"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/issue/", views.issue, name="issue"),
    path("<int:pk>/languages/", views.add_language, name="add_language"),
    path("versions/<int:pk>/download/", views.download, name="download"),
    path("versions/<int:pk>/move-on/", views.move_on, name="move_on"),
    path("versions/<int:pk>/upload/", views.upload, name="upload"),
    path("versions/<int:pk>/type/", views.type_text, name="type"),
    path("versions/<int:pk>/render/", views.rerender, name="rerender"),
]
