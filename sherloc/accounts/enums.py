from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    FOCAL_POINT = "focal_point", _("focal point")
    GOVERNMENTAL_EXPERT = "governmental_expert", _("governmental expert")
    NATIONAL_CONTRIBUTOR = "national_contributor", _("national contributor")
    OBSERVER = "observer", _("observer (permanent mission)")
    SECRETARIAT = "secretariat", _("secretariat")
    CONFERENCE_OFFICER = "conference_officer", _("conference officer")
    STAKEHOLDER = "stakeholder", _("stakeholder")

    @classmethod
    def state_roles(cls) -> list[str]:
        return [cls.FOCAL_POINT, cls.GOVERNMENTAL_EXPERT, cls.NATIONAL_CONTRIBUTOR, cls.OBSERVER]


class OrganisationKind(models.TextChoices):
    UNODC = "unodc", _("UNODC secretariat")
    CONFERENCE = "conference", _("Conference services, Bureau or working group")
    NGO = "ngo", _("non-governmental organization")
    IGO = "igo", _("intergovernmental organization")
    UN_ENTITY = "un_entity", _("United Nations entity")
    NON_SIGNATORY = "non_signatory", _("non-signatory State")


class DutyStation(models.TextChoices):
    # the order of P 17: Vienna, else Geneva, else New York
    VIENNA = "vienna", _("Vienna")
    GENEVA = "geneva", _("Geneva")
    NEW_YORK = "new_york", _("New York")


class NominationStatus(models.TextChoices):
    PENDING = "pending", _("awaiting activation")
    ACTIVE = "active", _("active")
    WITHDRAWN = "withdrawn", _("withdrawn")
