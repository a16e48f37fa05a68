from django.urls import path

from . import views

app_name = "responses"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/sections/<int:section>/", views.section, name="section"),
    path("<int:pk>/sections/<int:section>/assign/", views.assign, name="assign"),
    path("<int:pk>/answers/<int:question>/", views.save_answer, name="save_answer"),
    path("<int:pk>/answers/<int:question>/files/", views.upload, name="upload"),
    path("<int:pk>/files/<int:attachment>/", views.attachment, name="attachment"),
    path("<int:pk>/files/<int:attachment>/remove/", views.remove_attachment, name="remove_attachment"),
    path("<int:pk>/reuse/earlier/", views.reuse_earlier, name="reuse_earlier"),
    path("<int:pk>/reuse/uncac/", views.reuse_uncac, name="reuse_uncac"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/reopen/", views.reopen, name="reopen"),
    path("<int:pk>/deadline/", views.deadline, name="deadline"),
    path("<int:pk>/submissions/<int:number>/", views.snapshot, name="snapshot"),
    path("<int:pk>/submissions/<int:number>/pdf/", views.snapshot_pdf, name="snapshot_pdf"),
    path("<int:pk>/disclose/", views.disclose, name="disclose"),
    path("shared/<str:iso3>/<int:phase>/", views.shared, name="shared"),
]
