from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", views.sign_out, name="logout"),
    path("verify/", views.verify, name="verify"),
    path("enrol/", views.enrol, name="enrol"),
    path("backup-codes/", views.regenerate_backup_codes, name="backup_codes"),
    path("profile/", views.profile, name="profile"),
    path("activate/<str:token>/", views.activate, name="activate"),
    path("new-link/", views.new_link, name="new_link"),
    path("nominations/", views.nominate, name="nominate"),
    path("directory/", views.directory, name="directory"),
]
