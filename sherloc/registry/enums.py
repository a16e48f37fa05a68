from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class RegionalGroup(models.TextChoices):
    AFRICAN = "AFRICAN", _("African States")
    APSG = "APSG", _("Asia-Pacific States")
    EEG = "EEG", _("Eastern European States")
    GRULAC = "GRULAC", _("Latin American and Caribbean States")
    WEOG = "WEOG", _("Western European and other States")

    @classmethod
    def from_label(cls, label: str) -> "RegionalGroup | None":
        """The DGACM label used by the reference files, or None for an empty cell."""
        if not label:
            return None
        with translation.override("en"):  # the files speak English whatever the active language
            for member in cls:
                if str(member.label) == label:
                    return member
        raise ValueError(f"unknown regional group {label!r}")


class EntityType(models.TextChoices):
    MEMBER_STATE = "member", _("UN Member State")
    OBSERVER_STATE = "observer", _("UN observer State")
    NON_MEMBER_STATE = "non_member", _("non-member State")
    REIO = "reio", _("regional economic integration organization")


class TreatyStatusKind(models.TextChoices):
    PARTY = "party", _("party")
    SIGNATORY = "signatory", _("signatory")
    NONE = "none", _("not a party or signatory")


class ConsentType(models.TextChoices):
    RATIFICATION = "ratification", _("ratification")
    ACCEPTANCE = "acceptance", _("acceptance")
    APPROVAL = "approval", _("approval")
    ACCESSION = "accession", _("accession")
    SUCCESSION = "succession", _("succession")


class LegalSystem(models.TextChoices):
    CIVIL = "civil", _("civil law")
    COMMON = "common", _("common law")
    MIXED = "mixed", _("mixed")
    ISLAMIC = "islamic", _("Islamic law")
    CUSTOMARY = "customary", _("customary law")
    TRANSITIONAL = "transitional", _("transitional")
