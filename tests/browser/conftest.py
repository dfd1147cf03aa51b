"""Real Chromium (Debian's, at EAGI_CHROMIUM) driven by Playwright, and axe-core
from tests/browser/node_modules (pinned by package-lock.json)."""

import importlib
import json
import os
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("EAGI_CHROMIUM", "/usr/bin/chromium"),
        "args": [
            "--no-sandbox",
            "--headless",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


# Data migrations that fill reference rows (roles, catalogues). A transactional test
# ends with a flush that empties every table, so each browser test runs them again,
# with the historical models, exactly as `migrate` did.
DATA_MIGRATIONS = [
    ("students", "0002_catalogue_entries", "create"),
    ("students", "0003_roles", "create_roles"),
]


@pytest.fixture(scope="session")
def _migration_state_apps(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        loader = MigrationLoader(connection)
        return loader.project_state(("students", "0003_roles")).apps


@pytest.fixture(autouse=True)
def reference_data(transactional_db, _migration_state_apps):
    for app_label, name, function in DATA_MIGRATIONS:
        module = importlib.import_module(f"{app_label}.migrations.{name}")
        getattr(module, function)(_migration_state_apps, None)


def axe_violations(page) -> list[str]:
    """Every WCAG 2.x A/AA violation on the page, as 'rule: element' lines."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [
        f"{violation['id']} ({violation['impact']}): {json.dumps(node['target'])}"
        for violation in result["violations"]
        for node in violation["nodes"]
    ]


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
