"""Who may see and handle documents, and when (docs/documents.md has the table; tests/documents/
test_permissions.py checks it). Every answer combines who the user is (a `Reader`, read once per
request) with the document's facts: issued or not, restricted or not, the version published or not.

- The secretariat and conference officers see every document, issued or not, and issue and track them.
- Users holding a State role (focal point, governmental expert, national contributor, observer of any
  State) see issued documents (working-group documents circulate to States parties, P 43) and download
  their published language versions, restricted ones included.
- Anyone else, signed in or not, stakeholders included, sees an issued, unrestricted document with a
  published language version, and downloads its published versions.
- A stakeholder (Role.STAKEHOLDER) never sees restricted material, whatever other role they hold.
Refusals are 404: the portal never confirms that a document it does not show exists.
"""

from dataclasses import dataclass

from sherloc.accounts.enums import Role

from .enums import VersionStatus


@dataclass(frozen=True)
class Reader:
    staff: bool = False  # the secretariat or a conference officer
    state_user: bool = False  # holds a State role of any State
    stakeholder: bool = False

    @property
    def sees_restricted(self) -> bool:
        return not self.stakeholder and (self.staff or self.state_user)

    @property
    def sees_staff_view(self) -> bool:
        return self.staff and not self.stakeholder


ANONYMOUS = Reader()


def reader(user) -> Reader:
    """What a user is for documents, in one query; cached on the user for the request."""
    if not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_documents_reader", None)
    if cached is None:
        roles = set(user.memberships.active().values_list("role", flat=True))
        cached = Reader(
            staff=bool(roles & {Role.SECRETARIAT, Role.CONFERENCE_OFFICER}),
            state_user=bool(roles & set(Role.state_roles())),
            stakeholder=Role.STAKEHOLDER in roles,
        )
        user._documents_reader = cached
    return cached


def may_manage(r: Reader) -> bool:
    """Issue documents, track their languages, move a status on, upload or type a version."""
    return r.sees_staff_view


def may_see_document(r: Reader, document, *, has_published: bool) -> bool:
    """`has_published`: the document has at least one published language version."""
    if r.sees_staff_view:
        return True
    if not document.issued:
        return False
    if document.restricted:
        return r.sees_restricted
    return (r.state_user and not r.stakeholder) or has_published


def may_download(r: Reader, version) -> bool:
    """A language version's file: staff once it is ready; others once it is published, and only where
    they may see the document."""
    if not version.has_file:
        return False
    published = version.status == VersionStatus.PUBLISHED
    if r.sees_staff_view:
        return True
    return published and may_see_document(r, version.document, has_published=True)


def may_move_on(r: Reader, version) -> bool:
    from .enums import NEXT_BY_HAND

    return may_manage(r) and version.status in NEXT_BY_HAND


def may_receive(r: Reader, version) -> bool:
    """Upload or type the text of a version: until it is published."""
    return may_manage(r) and version.status != VersionStatus.PUBLISHED


def may_issue(r: Reader, document) -> bool:
    return may_manage(r) and not document.issued
