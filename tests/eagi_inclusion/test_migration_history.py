"""The migrations were squashed before the first deployment (#29): a database built by
the old ones is refused with a sentence saying what to do, not "table already
exists" halfway through `migrate`."""

import pytest
from django.core import checks
from django.db.migrations.recorder import MigrationRecorder

from eagi_inclusion.checks import migration_history_known

pytestmark = pytest.mark.django_db


def test_a_database_of_the_squashed_migrations_is_refused_with_what_to_do():
    assert migration_history_known(databases=["default"]) == []
    # A third-party app's vanished migration is not ours to judge.
    MigrationRecorder.Migration.objects.create(app="guardian", name="0099_gone")
    assert migration_history_known(databases=["default"]) == []
    MigrationRecorder.Migration.objects.create(app="documents", name="0025_casefilecopy")
    (error,) = migration_history_known(databases=["default"])
    assert error.id == "eagi_inclusion.E010" and error.level == checks.ERROR
    assert "documents.0025_casefilecopy" in error.msg
    assert "var/db.sqlite3" in error.hint
    # migrate runs the database checks first, so it stops with this sentence.
    found = checks.run_checks(databases=["default"], tags=[checks.Tags.database])
    assert [e.id for e in found] == ["eagi_inclusion.E010"]
