from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    return mapping.get(key, key)


@register.filter
def log_line(entry: dict) -> str:
    """One log entry as a short line for the meeting room: its action, then its facts."""
    facts = " ".join(f"{k}={v}" for k, v in entry.items() if k not in ("step", "action", "candidates"))
    return f"{entry.get('action', '')} {facts}".strip()
