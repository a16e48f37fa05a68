"""Who may read and who may edit questionnaire definitions.

Adopted definitions are not confidential: every signed-in user with a verified second
factor may read them (the middleware already refuses anyone else). Only the secretariat
edits them. Responses, when they come, are decided here too.
"""

from sherloc.accounts.permissions import is_secretariat


def can_read_definitions(user) -> bool:
    return user.is_authenticated


def can_edit_definitions(user) -> bool:
    """The secretariat keeps the definitions: new draft versions, their questions, finalising, adopting."""
    return is_secretariat(user)
