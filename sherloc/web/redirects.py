"""Where to send a user back to after a form: a path on this site, never elsewhere, never a server error."""

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, value, default: str) -> str:
    """`value` if it is a path of this site ("/en/…"), else `default` (a URL name or a path).

    Only a path is taken: `redirect()` treats any other string as the name of a URL, and a name that does not
    exist (say "9999") would end in a server error rather than in the page the user came from."""
    value = value or ""
    if (
        value.startswith("/")
        and not value.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(
            value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return value
    return default
