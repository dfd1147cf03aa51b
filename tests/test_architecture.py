"""The rules of docs/architecture.md that the import-linter contracts cannot see, read
from the code itself: a rule broken fails here, not in a reviewer's head."""

import re
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


# What a view or a template must not do: check a role or a permission itself instead of
# asking a rule (eagi_inclusion/rules.py).
_DIRECT_CHECKS = re.compile(
    r"has_perm\(|has_perms\(|has_role\(|user_roles|\bRole\.|\bperms\.|permission_required"
    r"|PermissionRequiredMixin|\.groups\.|get_perms\(|\bin roles\b"
)


def _views_and_templates():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if path.name == "views.py" or path.parent.name == "views":
                yield path
    yield from sorted((ROOT / "templates").rglob("*.html"))


def test_no_view_or_template_checks_a_role_or_a_permission_itself():
    """docs/architecture.md, "Who may do what": views, templates and services ask the
    apps' rules; only a rule reads a role or a permission."""
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()[:80]}"
        for path in _views_and_templates()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _DIRECT_CHECKS.search(line)
    ]
    assert found == []


def test_the_check_finds_what_it_is_meant_to_find():
    for line in (
        "if request.user.has_perm('documents.view_breach'):",
        "{% if perms.documents.add_breach %}",
        "{% if 'centre_head' in user_roles %}",
        "if Role.TEACHER in roles:",
    ):
        assert _DIRECT_CHECKS.search(line), line
    assert not _DIRECT_CHECKS.search("{% if may.record_breaches %}")


def test_templates_ask_only_rules_that_exist_and_the_menu_only_rules_by_role():
    """`may.<name>` must name a rule of the user alone (a misspelt name would read as
    "no"); the main menu is cached per combination of roles, so it may ask only rules
    that depend on nothing else (`by_role=True`)."""
    from eagi_inclusion.rules import rules

    known = rules()
    asked = {
        (path.relative_to(ROOT), name)
        for path in sorted((ROOT / "templates").rglob("*.html"))
        for name in re.findall(r"\bmay\.(\w+)", path.read_text(encoding="utf-8"))
    }
    assert len(asked) > 20
    assert [
        (str(path), name)
        for path, name in sorted(asked)
        if name not in known or known[name].takes_object
    ] == []
    base = (ROOT / "templates/base.html").read_text(encoding="utf-8")
    menu = base.split("{% cache", 1)[1].split("{% endcache %}", 1)[0]
    in_menu = set(re.findall(r"\bmay\.(\w+)", menu))
    assert len(in_menu) > 10
    assert sorted(name for name in in_menu if not known[name].by_role) == []


def test_documents_and_students_name_no_higher_apps_documents():
    """docs/architecture.md, "Registries": each app registers its document kinds and
    number series (documents/kinds.py); the register and the case file name none."""
    from documents.kinds import document_kinds, series_codes

    words = r"(application|conclusion|route|protocol|letter|disposal)"
    named = re.compile(rf"(?<!\{{)[\"']{words}[\"']")
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in _modules()
        if path.parts[len(ROOT.parts)] == "documents"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if named.search(line)
    ]
    assert found == []
    assert [kind.code for kind in document_kinds()] == [
        "application",
        "conclusion",
        "protocol",
        "route",
        "letter",
        "disclosure",
    ]
    assert set(series_codes()) == {
        "application",
        "conclusion",
        "protocol",
        "route",
        "letter",
        "disclosure",
        "disposal",
    }


def test_the_case_page_names_no_higher_apps_pages():
    """The case page shows what routes and support register (students/panels.py); no
    code or template of students or documents names their URLs."""
    from students.panels import case_actions

    higher = re.compile(r"""["'](routes|support|workspace):""")
    paths = [p for p in _modules() if p.parts[len(ROOT.parts)] in ("students", "documents")]
    paths += sorted((ROOT / "templates/students").rglob("*.html"))
    paths += sorted((ROOT / "templates/documents").rglob("*.html"))
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in paths
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if higher.search(line)
    ]
    assert found == []
    assert [a.url_name for a in case_actions()] == [
        "routes:assessment-create",
        "routes:conclusion-create",
        "routes:protocol-create",
        "routes:route-create",
        "support:sessions",
        "support:aids-case",
        "routes:case-file",
        "routes:case-archive",
    ]


def test_no_test_module_imports_another():
    """Shared helpers live in helpers.py, instance.py, access_world.py and the
    conftest.py of each folder; a test module importing another couples two tests."""
    tests = ROOT / "tests"
    importing = re.compile(r"^\s*from (tests\.(\w+\.)*test_\w+|\.+test_\w+) import", re.M)
    found = [
        str(path.relative_to(ROOT))
        for path in sorted(tests.rglob("test_*.py"))
        if "node_modules" not in path.parts and importing.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []
