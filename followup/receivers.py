from django.dispatch import receiver

from observations.signals import list_final

from . import services


@receiver(list_final)
def track_needs_of_final_list(sender, observation_list, by, **kwargs):
    """P 44: the technical-assistance needs of a list become tracked the moment it is final."""
    services.track_needs(observation_list=observation_list)
