"""Who may change the registry: the secretariat (docs/rules.md, P 47)."""


def can_edit_registry(user) -> bool:
    return user.is_authenticated and user.has_perm("registry.change_state")


def can_record_treaty_status(user) -> bool:
    return user.is_authenticated and user.has_perm("registry.add_treatystatus")


def can_edit_workplan(user) -> bool:
    return user.is_authenticated and user.has_perm("registry.change_workplanphase")
