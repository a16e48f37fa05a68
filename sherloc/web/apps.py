from django.apps import AppConfig


class WebConfig(AppConfig):
    """What every page of the portal shares: refusals of hostile input, safe redirects, the middleware,
    and the database commands (migrate as the owner, then grant the portal's role)."""

    name = "sherloc.web"
    label = "web"
    verbose_name = "Web"
