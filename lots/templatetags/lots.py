from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    return mapping.get(key, key)


@register.filter
def log_line(entry: dict) -> str:
    """One log entry as a short line for the meeting room (the JSON download has every fact)."""
    action = entry.get("action", "")
    if action == "pick":
        drawn = f"{entry['index'] + 1}/{len(entry['candidates'])}"
        excluded = f", {len(entry['excluded'])} excluded" if entry.get("excluded") else ""
        return (
            f"{entry['reviewer']} → {entry['under_review']}  {entry['role']}  "
            f"[{', '.join(entry['instruments'])}]  {drawn}{excluded}"
        )
    if action == "select":
        return f"{entry['state']} → year {entry['year']}  ({entry['region']}, {entry['index'] + 1}/{len(entry['candidates'])})"
    if action == "redraw":
        result = entry.get("new_reviewer") or entry.get("outcome", "")
        deferred = f" (deferred at {entry['carries_out']})" if "carries_out" in entry else ""
        return (
            f"redraw {entry['reviewer']} → {entry['under_review']} asked by {entry['requested_by']}{deferred}: {result}"
        )
    if action == "resume":
        return f"resume at a later meeting: {entry.get('meeting', '')} {entry.get('date', '')}".strip()
    facts = " ".join(f"{k}={v}" for k, v in entry.items() if k not in ("step", "action", "candidates", "states"))
    return f"{action} {facts}".strip()
