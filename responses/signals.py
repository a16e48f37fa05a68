"""What other apps may hear of a response, without this app knowing them.

`response_submitted` is sent inside the submission's transaction, so whatever a receiver
records (the country review's next step, P 33) stands or falls with the submission."""

from django.dispatch import Signal

# sent with: response, snapshot, by
response_submitted = Signal()
