"""The lots contract (README, Architecture): the other apps ask `lots.selectors` who reviews whom, for
which instruments, and a State's year group; they never import lots' models, engine or forms, and
never follow a reverse relation from a State into lots' tables."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = [
    "disclosure",
    "documents",
    "followup",
    "observations",
    "portal",
    "questionnaires",
    "responses",
    "reviews",
    "sherloc",
    "stakeholders",
]
# The portal builds the demo world's drawing the way the secretariat does, through lots' services.
ALLOWED = {"lots.selectors"}
ALLOWED_IN = {"portal": {"lots.services"}}
# The reverse relations lots' models put on State (lots/models.py).
REVERSE = ("review_volunteering", "review_as_signatory", "year_group_placement", "assignments_as_")


def lots_imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names if alias.name.split(".")[0] == "lots")
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "lots":
                yield from (f"lots.{alias.name}" for alias in node.names)
            elif node.module.startswith("lots."):
                yield node.module


def sources(app, *suffixes):
    return (p for p in (ROOT / app).rglob("*") if p.suffix in suffixes and "migrations" not in p.parts)


def test_no_module_outside_lots_imports_more_than_its_selectors():
    offenders = sorted(
        f"{path.relative_to(ROOT)} imports {module}"
        for app in APPS
        for path in sources(app, ".py")
        for module in lots_imports(path)
        if module not in ALLOWED | ALLOWED_IN.get(app, set())
    )
    assert offenders == []


def test_no_module_or_template_outside_lots_follows_a_reverse_relation_into_lots():
    pattern = re.compile("|".join(map(re.escape, REVERSE)))
    offenders = sorted(
        str(path.relative_to(ROOT))
        for app in [*APPS, "templates"]
        for path in sources(app, ".py", ".html", ".txt")
        if not path.is_relative_to(ROOT / "templates" / "lots") and pattern.search(path.read_text(encoding="utf-8"))
    )
    assert offenders == []


def test_the_check_finds_a_models_import(tmp_path):
    """The check above can fail: it sees every form of importing lots' models."""
    module = tmp_path / "m.py"
    module.write_text(
        "import lots.models\nfrom lots import models, selectors\nfrom lots.models import ReviewingAssignment\n"
    )
    assert sorted(lots_imports(module)) == ["lots.models", "lots.models", "lots.models", "lots.selectors"]
