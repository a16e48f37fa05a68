"""The portal stands on every domain app; nothing below it imports it (README, Architecture)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = [
    "disclosure",
    "documents",
    "followup",
    "lots",
    "observations",
    "questionnaires",
    "responses",
    "reviews",
    "sherloc",
    "stakeholders",
]

# The project's wiring, which names every app, the portal included.
WIRING = {"sherloc/urls.py"}


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def test_no_domain_or_core_module_imports_the_portal():
    offenders = sorted(
        f"{path.relative_to(ROOT)} imports {module}"
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        for module in imported_modules(path)
        if (module == "portal" or module.startswith("portal.")) and path.relative_to(ROOT).as_posix() not in WIRING
    )
    assert offenders == []


def test_the_demo_world_lives_in_the_portal():
    assert not [str(p.relative_to(ROOT)) for app in APPS for p in (ROOT / app).rglob("demo.py")]
    assert (ROOT / "portal" / "demo" / "reviews.py").exists()
