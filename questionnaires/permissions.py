"""Who may read questionnaire definitions.

Adopted definitions are not confidential: every signed-in user with a verified second
factor may read them (the middleware already refuses anyone else). Responses, when they
come, are decided here too.
"""


def can_read_definitions(user) -> bool:
    return user.is_authenticated
