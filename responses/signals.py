"""What other apps may hear of a response, without this app knowing them.

`response_submitted` and `response_reopened` are sent inside the submission's transaction, so whatever a receiver
records (the country review's next step, P 19, P 33) stands or falls with the submission."""

from django.dispatch import Signal

# sent with: response, snapshot, by — a receiver may raise ResponseRefused to refuse the step
response_submitted = Signal()
# sent with: response, snapshot (the one reopened), by
response_reopened = Signal()
