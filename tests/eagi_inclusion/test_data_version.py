"""#32: the data version (eagi_inclusion/data_version.py) changes with every write that
passes through Django's connection — saves, bulk updates, raw SQL — and only with those;
what was read before a commit is stale after it; nothing read inside a transaction that
may roll back is kept. tests/workspace/test_kept_pages.py holds the home pages to it."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection, transaction

from documents.models import AccessEvent
from eagi_inclusion import data_version
from eagi_inclusion.roles import Role
from eagi_inclusion.sessions import SessionStore
from students.models import Student, User
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("sql", "changes"),
    [
        ('SELECT "students_student"."id" FROM "students_student"', False),
        ("  select 1", False),
        ('(SELECT "a"."id" FROM "a") UNION ALL (SELECT "b"."id" FROM "b")', False),
        ("( WITH gone AS (DELETE FROM students_student RETURNING id) SELECT 1)", True),
        ('SAVEPOINT "s1"', False),
        ('RELEASE SAVEPOINT "s1"', False),
        ('INSERT INTO "django_session" ("session_key") VALUES (%s)', False),
        ('UPDATE "django_session" SET "expire_date" = %s', False),
        ('INSERT INTO "documents_accessevent" ("actor_id") VALUES (%s)', False),
        ('UPDATE "students_student" SET "last_name" = %s', True),
        ('INSERT INTO "routes_route" ("student_id") VALUES (%s)', True),
        ('DELETE FROM "students_caseassignment" WHERE "id" = %s', True),
        ('TRUNCATE "students_student"', True),
        ('CREATE TABLE "x" ("id" integer)', True),
        ("WITH gone AS (DELETE FROM students_student RETURNING id) SELECT 1", True),
        ("a statement nobody foresaw", True),  # unknown: invalidates
        # A sign-in's bookkeeping (eagi_inclusion/apps.py, students/apps.py).
        ('INSERT INTO "axes_accesslog" ("username") VALUES (%s)', False),
        ('UPDATE "otp_totp_totpdevice" SET "last_t" = %s WHERE "id" = %s', False),
        ('INSERT INTO "students_historicaluser" ("id") VALUES (%s)', False),
        ('UPDATE "students_user" SET "last_login" = %s WHERE "students_user"."id" = %s', False),
        # ... but not the account's other columns, with it or without it.
        ('UPDATE "students_user" SET "last_login" = %s, "is_active" = %s WHERE "id" = %s', True),
        ('UPDATE "students_user" SET "is_active" = %s WHERE "students_user"."id" = %s', True),
        ('UPDATE "students_user" SET "last_login" = NULL, "email" = %s WHERE "id" = %s', True),
        ('UPDATE "students_user" SET "last_login" = %s', True),  # every account: no WHERE
    ],
)
def test_which_statements_change_the_data(sql, changes):
    assert data_version.changes_data(sql) is changes


def _changes(write) -> bool:
    before = data_version.current()
    write()
    return data_version.current() != before


def test_every_kind_of_write_changes_the_version(specialist, case):
    group = case.study_group
    assert _changes(lambda: Student.objects.filter(pk=case.pk).update(last_name="Жаңа"))
    assert _changes(lambda: f.StudentFactory(study_group=group))
    assert _changes(lambda: Student.objects.filter(last_name="Жаңа").delete())
    assert _changes(lambda: User.objects.bulk_create([User(username="bulk-1")]))
    assert _changes(lambda: specialist.groups.clear())
    assert _changes(lambda: specialist.groups.add(Group.objects.get(name=Role.SPECIALIST)))

    def raw():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE students_user SET first_name = 'Raw' WHERE id = %s", [1])

    assert _changes(raw)


def test_sessions_and_the_access_log_leave_it_alone(specialist, case):
    def session():
        store = SessionStore()
        store["x"] = 1
        store.create()
        store["x"] = 2
        store.save()

    assert not _changes(session)
    assert not _changes(
        lambda: AccessEvent.objects.create(actor=specialist, action="case.view", student=case)
    )
    assert not _changes(lambda: list(Student.objects.all()))


@pytest.mark.django_db(transaction=True)
def test_the_queues_bookkeeping_leaves_it_alone(reference_data, settings):
    """An e-mail queued in the database (TASKS_BACKEND=database) and a worker sending
    it: the queue's rows are on no page, so neither changes the data version."""
    import io

    from django.core import mail
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from eagi_inclusion.mail import send_email

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert not _changes(lambda: send_email.enqueue("Тақырып", "Мәтін", ["a@example.org"]))
    assert DBTaskResult.objects.get().status == "READY"
    assert not _changes(
        lambda: call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())
    )
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert [m.subject for m in mail.outbox] == ["Тақырып"]


def test_a_write_after_a_read_changes_it_again_in_the_same_transaction(specialist):
    with transaction.atomic():
        User.objects.filter(pk=specialist.pk).update(first_name="A")
        read = data_version.current()
        User.objects.filter(pk=specialist.pk).update(first_name="B")
        assert data_version.current() != read


@pytest.mark.django_db(transaction=True)
def test_what_was_read_before_the_commit_is_stale_after_it(reference_data):
    user = f.UserFactory(username="writer")
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(first_name="Жаңа")
        # Another reader, now: it cannot see the write yet, and keeps what it read under
        # the version it read.
        read_before_commit = data_version.current()
        assert data_version.cacheable() is False  # inside a real transaction
    assert data_version.current() != read_before_commit
    assert data_version.cacheable() is True


@pytest.mark.django_db(transaction=True)
def test_a_savepoint_rolled_back_keeps_the_other_writes_replacement(reference_data):
    user = f.UserFactory(username="writer")
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(first_name="A")
        try:
            with transaction.atomic():
                User.objects.filter(pk=user.pk).update(first_name="B")
                raise RuntimeError
        except RuntimeError:
            pass
        read = data_version.current()
        User.objects.filter(pk=user.pk).update(first_name="C")
        seen_inside = data_version.current()
    assert seen_inside != read
    assert data_version.current() != seen_inside  # the commit's own replacement ran


@pytest.mark.django_db(transaction=True)
def test_each_transaction_replaces_it_at_its_first_write(reference_data):
    """Inside a transaction the first write replaces the version at once (the writer's
    own later reads must not find what was kept before it), also when the connection's
    previous transaction ended with a write nobody read the version after."""
    user = f.UserFactory(username="writer")
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(first_name="A")
    with transaction.atomic():
        before = cache_token()
        User.objects.filter(pk=user.pk).update(first_name="B")
        assert cache_token() != before


def cache_token():
    """The version as the cache holds it, read without marking it read."""
    from django.core.cache import cache

    return cache.get(data_version.KEY)


def test_a_lost_token_is_made_anew(specialist):
    from django.core.cache import cache

    before = data_version.current()
    cache.delete(data_version.KEY)
    assert data_version.current() not in (None, before)


def test_signing_in_leaves_it_alone(client, specialist, case):
    """Everyone signs in each morning: the bookkeeping of a sign-in (the last sign-in's
    time, the authenticator's last code, django-axes' records) is on no page that is
    kept, so it leaves what others' pages keep alone. A wrong password does too."""
    from django.urls import reverse

    from tests.conftest import current_code

    code = current_code(specialist)
    before = data_version.current()
    statements = []

    def seen(execute, sql, params, many, context):
        statements.append(sql)  # as the data version's own wrapper sees it
        return execute(sql, params, many, context)

    with connection.execute_wrapper(seen):
        client.post(reverse("login"), {"username": specialist.username, "password": "wrong"})
        client.post(
            reverse("login"), {"username": specialist.username, "password": f.DEFAULT_PASSWORD}
        )
        response = client.post(reverse("otp-verify"), {"otp_token": code})
    assert response.status_code == 302, response.status_code
    assert any("last_login" in sql for sql in statements)  # it did sign in
    writes = [sql for sql in statements if data_version.changes_data(sql)]
    assert writes == [] and data_version.current() == before, writes
