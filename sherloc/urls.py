from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from portal import feed
from portal import views as portal_views
from sherloc.accounts.admin_site import PortalAdminSite

# The admin, like every page, needs a verified second factor, and has no sign-in of its own.
admin.site.__class__ = PortalAdminSite

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", portal_views.healthz, name="healthz"),
    # stable addresses of the public feed, the same in every language (portal/feed.py)
    path("public/feed.json", feed.feed_json, name="public_feed_json"),
    path("public/feed.csv", feed.feed_csv, name="public_feed_csv"),
]
urlpatterns += i18n_patterns(
    path("", include("portal.urls")),
    path("accounts/", include("sherloc.accounts.urls")),
    path("registry/", include("sherloc.registry.urls")),
    path("lots/", include("lots.urls")),
    path("questionnaires/", include("questionnaires.urls")),
    path("responses/", include("responses.urls")),
    path("reviews/", include("reviews.urls")),
    path("observations/", include("observations.urls")),
    path("followup/", include("followup.urls")),
    path("disclosure/", include("disclosure.urls")),
    path("documents/", include("documents.urls")),
    path("notifications/", include("sherloc.notifications.urls")),
    path("stakeholders/", include("stakeholders.urls")),
    path("access-log/", include("sherloc.audit.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)
# No route serves uploaded files, in any mode: they are confidential and leave the portal only
# through the views that check who may read them (sherloc/storage.py).
