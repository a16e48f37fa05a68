from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Country reviews"

    def ready(self):
        from responses.signals import response_reopened, response_submitted

        from .receivers import responses_reopened, responses_submitted

        response_submitted.connect(responses_submitted, dispatch_uid="reviews.responses_submitted")
        response_reopened.connect(responses_reopened, dispatch_uid="reviews.responses_reopened")
