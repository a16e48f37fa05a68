"""What this app tells others: a list of observations became final (P 39), sent inside the transaction
that made it final, so a receiver's writes commit or roll back with it (followup tracks its needs)."""

from django.dispatch import Signal

# sent with observation_list=<ObservationList> and by=<user>
list_final = Signal()
