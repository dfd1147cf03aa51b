"""#32: queries whose SQL is compiled once per question (eagi_inclusion/compiled.py).
The rows are the ones the queryset gives; a key that misses what its query reads
fails loudly under the suite's verification; the clock is read on every call; a kept
query runs on the connection of the thread that sends it."""

import datetime
import threading

import pytest
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from eagi_inclusion import compiled
from routes import services as routes
from routes.selectors import route_list_visible_to
from students.models import EmergencyAccess, Student
from students.selectors import person_key
from students.services import emergency_access_grant

pytestmark = pytest.mark.django_db


def _fields(row) -> dict:
    """A row as a reader sees it: its columns, its annotations and its related rows."""
    values = {k: v for k, v in vars(row).items() if not k.startswith("_state")}
    related = row._state.fields_cache
    return {**values, **{name: _fields(obj) for name, obj in related.items() if obj is not None}}


@pytest.mark.parametrize(
    "who", ["specialist", "other_specialist", "teacher", "centre_head", "management", "student"]
)
def test_the_kept_sql_gives_the_rows_the_queryset_gives(request, who, case, teacher, period):
    specialist = request.getfixturevalue("specialist")
    route = routes.route_create(student=case, period=period, actor=specialist)
    routes.route_send_for_agreement(route=route, actor=specialist)
    user = request.getfixturevalue(who)

    def build():
        return route_list_visible_to(user, case_access=True).filter(pk=route.pk)

    expected = [_fields(row) for row in build()]
    key = ("test: route", person_key(user), route.pk)
    first = compiled.rows(key, build)  # compiled now
    again = compiled.rows(key, build)  # sent as kept
    assert [_fields(row) for row in first] == expected
    assert [_fields(row) for row in again] == expected
    assert bool(expected) == (who in {"specialist", "teacher", "centre_head"})


def test_a_key_that_misses_what_the_query_reads_fails_loudly(case, settings):
    def named(name):
        return lambda: Student.objects.filter(last_name=name)

    assert compiled.rows(("test: by name",), named(case.last_name)) == [case]
    with pytest.raises(compiled.CompiledQueryMismatch):
        compiled.rows(("test: by name",), named("Басқаов"))
    # The rule the verification guards: without it the kept SQL would answer.
    settings.COMPILED_QUERIES_VERIFY = False
    assert compiled.rows(("test: by name",), named("Басқаов")) == [case]
    compiled.forget()
    assert compiled.rows(("test: by name",), named("Басқаов")) == []


def test_the_clock_is_read_on_every_call(case, other_specialist, monkeypatch):
    access = emergency_access_grant(
        student=case, actor=other_specialist, reason="Шұғыл қажеттілік, қоңырау"
    )
    now = timezone.now()
    EmergencyAccess.objects.filter(pk=access.pk).update(
        expires_at=now + datetime.timedelta(minutes=2)
    )

    def unexpired():
        return EmergencyAccess.objects.filter(user=other_specialist, expires_at__gt=timezone.now())

    key = ("test: unexpired", other_specialist.pk)
    assert compiled.rows(key, unexpired) == [access]
    assert compiled.rows(key, unexpired) == [access]
    monkeypatch.setattr(timezone, "now", lambda: now + datetime.timedelta(minutes=3))
    assert compiled.rows(key, unexpired) == []


def test_a_moment_read_before_the_builder_is_caught(case, other_specialist):
    """The clock read outside `build` would be kept as a constant: an emergency access
    would never end. The verification fails on the next call."""
    now = timezone.now()

    def captured():
        return EmergencyAccess.objects.filter(user=other_specialist, expires_at__gt=now)

    compiled.rows(("test: captured clock",), captured)
    now = timezone.now()
    with pytest.raises(compiled.CompiledQueryMismatch):
        compiled.rows(("test: captured clock",), captured)


def test_values_lists_are_kept_too(case, specialist):
    def tuples():
        return Student.objects.filter(pk=case.pk).values_list("pk", "last_name")

    assert compiled.rows(("test: tuples",), tuples) == [(case.pk, case.last_name)]
    assert compiled.rows(("test: tuples",), tuples) == [(case.pk, case.last_name)]
    flat = lambda: Student.objects.filter(pk=case.pk).values_list("pk", flat=True)  # noqa: E731
    assert compiled.rows(("test: flat",), flat) == [case.pk]
    assert compiled.rows(("test: flat",), flat) == [case.pk]


def test_a_persons_count_is_the_querysets_count(specialist, other_specialist):
    """`compiled.count`: what `count()` gives for one person's rows, none and several,
    the second call from the kept SQL."""
    from students.models import Notification
    from students.notifications import Kind, notify

    def unread(user):
        return lambda: Notification.objects.filter(recipient=user.pk, read_at__isnull=True)

    for _ in range(2):
        assert compiled.count(("test: unread", specialist.pk), unread(specialist), "recipient") == 0
    notify([specialist], Kind.LINKS_IMPORTED, url="/", count=1)
    notify([specialist, other_specialist], Kind.LINKS_IMPORTED, url="/", count=2)
    for user in (specialist, other_specialist):
        for _ in range(2):
            counted = compiled.count(("test: unread", user.pk), unread(user), "recipient")
            assert counted == unread(user)().count() > 0


def test_an_empty_question_is_kept_as_empty(case):
    assert compiled.rows(("test: none",), lambda: Student.objects.filter(pk__in=[])) == []
    assert compiled.rows(("test: none",), lambda: Student.objects.filter(pk__in=[])) == []


def test_only_querysets_of_rows_from_their_manager_are_kept(case):
    with pytest.raises(TypeError):
        compiled.rows(("test: dicts",), lambda: Student.objects.values("pk"))
    with pytest.raises(TypeError):
        compiled.rows(("test: relation",), lambda: case.representatives.all())


def test_a_kept_query_runs_on_the_connection_of_its_thread(case):
    compiled.rows(("test: thread",), lambda: Student.objects.filter(pk=case.pk))
    entry = compiled._entries[
        (DEFAULT_DB_ALIAS, connections[DEFAULT_DB_ALIAS].vendor, "test: thread")
    ]
    used = {}

    def other_thread():
        compiler = compiled._Compiled(entry, entry.params).get_compiler(DEFAULT_DB_ALIAS)
        used["connection"] = compiler.connection
        used["own"] = connections[DEFAULT_DB_ALIAS]
        connections.close_all()

    thread = threading.Thread(target=other_thread)
    thread.start()
    thread.join()
    assert used["connection"] is used["own"]
    assert used["connection"] is not connections[DEFAULT_DB_ALIAS]
    assert entry.compiler.connection is connections[DEFAULT_DB_ALIAS]
