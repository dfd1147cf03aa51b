"""The rules of docs/architecture.md that the import-linter contracts cannot see, read
from the code itself: a rule broken fails here, not in a reviewer's head."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ["eagi_inclusion", "documents", "students", "routes", "support", "workspace", "bench"]


def _modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def test_no_module_is_over_500_lines():
    """docs/architecture.md, "Inside an app": a module that grows past 500 lines is
    split by domain (a `models/` or `services/` package, or a module of its own)."""
    long = {
        str(path.relative_to(ROOT)): count
        for path in _modules()
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > 500
    }
    assert long == {}


def test_the_documented_rule_is_the_one_tested():
    text = " ".join((ROOT / "docs/architecture.md").read_text(encoding="utf-8").split())
    assert "No module of the project is over 500 lines" in text


def test_the_roles_in_the_database_are_the_roles_in_code(db):
    """Every group holds exactly the permissions eagi_inclusion.roles declares, after
    the migrations (and after each flush the tests replay, tests/conftest.py)."""
    from django.contrib.auth.models import Group

    from eagi_inclusion.roles import ROLE_PERMISSIONS, Role

    found = {
        group.name: {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        for group in Group.objects.prefetch_related("permissions__content_type")
    }
    assert found == {role.value: set(ROLE_PERMISSIONS[role]) for role in Role}


LAYERS = ["documents", "students", "routes", "support", "workspace"]  # bottom to top


def test_no_app_names_a_higher_apps_templates():
    """A lower app neither renders nor includes a higher app's templates (docs/
    architecture.md: each app's forms are its own): checked in its Python modules and
    in its own templates folder."""
    import re

    found = []
    for index, app in enumerate(LAYERS):
        higher = LAYERS[index + 1 :]
        if not higher:
            continue
        names = "|".join(higher)
        pattern = re.compile(rf"""["']({names})/[\w/.-]+\.(?:html|txt)["']""")
        sources = [*(ROOT / app).rglob("*.py"), *(ROOT / "templates" / app).rglob("*.html")]
        for path in sources:
            if "migrations" in path.parts:
                continue
            for match in pattern.finditer(path.read_text(encoding="utf-8")):
                found.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
    assert found == []
