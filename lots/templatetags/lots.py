from django import template
from django.utils.translation import gettext as _

from lots.enums import AssignmentRole

register = template.Library()


@register.filter
def get(mapping, key):
    return mapping.get(key, key)


def _role(role: str) -> str:
    """A reviewer's role in words ("from the same regional group"), never the log's token."""
    try:
        return str(AssignmentRole(role).label)
    except ValueError:
        return role


@register.filter
def role_words(role: str) -> str:
    return _role(role)


@register.filter
def pick_sentence(entry: dict, names: dict) -> str:
    """A pick said for the room: "Algeria will be reviewed by Rwanda, from the same regional group"."""
    under, reviewer = (
        names.get(entry["under_review"], entry["under_review"]),
        names.get(entry["reviewer"], entry["reviewer"]),
    )
    return _("%(under_review)s will be reviewed by %(reviewer)s, %(role)s.") % {
        "under_review": under,
        "reviewer": reviewer,
        "role": _role(entry.get("role", "")),
    }


@register.filter
def log_line(entry: dict, names: dict | None = None) -> str:
    """One log entry in plain words, in the page's language (the JSON download has every fact)."""
    names = names or {}

    def name(code):
        return names.get(code, code)

    action = entry.get("action", "")
    if action == "pick":
        line = pick_sentence(entry, names)
        drawn = _("drawn %(n)s of %(total)s candidates") % {
            "n": entry["index"] + 1,
            "total": len(entry.get("candidates", ())),
        }
        excluded = _("%(n)s excluded by the rules") % {"n": len(entry["excluded"])} if entry.get("excluded") else ""
        return " ".join(filter(None, [line, f"({drawn}{', ' + excluded if excluded else ''})"]))
    if action == "select":
        return _("%(state)s is in year group %(year)s (drawn %(n)s of %(total)s in its regional group).") % {
            "state": name(entry["state"]),
            "year": entry["year"],
            "n": entry["index"] + 1,
            "total": len(entry.get("candidates", ())),
        }
    if action == "redraw":
        result = entry.get("new_reviewer") or entry.get("outcome", "")
        text = _("Redraw asked by %(by)s: %(reviewer)s no longer reviews %(under_review)s; %(result)s.") % {
            "by": name(entry.get("requested_by", "")),
            "reviewer": name(entry.get("reviewer", "")),
            "under_review": name(entry.get("under_review", "")),
            "result": name(result),
        }
        if "carries_out" in entry:
            text += " " + _("(deferred to a later meeting)")
        return text
    if action == "resume":
        return _("The drawing resumes at a later meeting: %(meeting)s %(date)s") % {
            "meeting": entry.get("meeting", ""),
            "date": entry.get("date", ""),
        }
    if action == "confirm":
        return _("The drawing is confirmed.")
    if action == "start":
        return _(
            "The drawing begins with the seed %(seed)s, for %(n)s States, under version %(version)s of the procedure."
        ) % {
            "seed": entry.get("seed", ""),
            "n": len(entry.get("states", ())),
            "version": str(entry.get("procedure", "")).rsplit("/", 1)[-1] or "1",
        }
    if action == "year_offset":
        return _("Year group %(year)s is dealt the first State of each turn.") % {"year": entry.get("first_year", "")}
    facts = " ".join(f"{k}={v}" for k, v in entry.items() if k not in ("step", "action", "candidates", "states"))
    return f"{action} {facts}".strip()
