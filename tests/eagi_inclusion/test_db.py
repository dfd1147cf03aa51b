"""The SQLite LIKE that folds Unicode case (eagi_inclusion/db.py): the same answers as
PostgreSQL's for the lookups Django builds, on whichever database the suite runs."""

import pytest

from eagi_inclusion.db import sqlite_like
from students.models import Student
from tests import factories as f


@pytest.mark.parametrize(
    ("pattern", "value", "escape", "expected"),
    [
        ("%әлия%", "Нұрланова Әлия", "\\", True),
        ("%ӘЛИЯ%", "Нұрланова Әлия", "\\", True),
        ("пп-23%", "ПП-23-1", "\\", True),
        ("%пётр%", "Иванов Пётр", "\\", True),
        ("%петр%", "Иванов Пётр", "\\", False),  # ё is not е, as on PostgreSQL
        ("a_c", "abc", None, True),
        ("a_c", "abbc", None, False),
        ("100\\%", "100%", "\\", True),  # an escaped wildcard is a plain character
        ("100\\%", "1000", "\\", False),
        ("x\\_y", "x_y", "\\", True),
        ("x\\_y", "xzy", "\\", False),
        ("%", None, "\\", None),
    ],
)
def test_sqlite_like_matches_like_postgresql(pattern, value, escape, expected):
    assert sqlite_like(pattern, value, escape) == expected


@pytest.mark.django_db
def test_django_lookups_fold_kazakh_and_russian_case_on_this_database():
    student = f.StudentFactory(last_name="Өтебаева", first_name="Ұлжан")
    f.StudentFactory(last_name="Smith", first_name="Anna")
    assert list(Student.objects.filter(last_name__icontains="ӨТЕБ")) == [student]
    assert list(Student.objects.filter(first_name__istartswith="ұл")) == [student]
    assert list(Student.objects.filter(last_name__iexact="өтебаева")) == [student]
    assert not Student.objects.filter(last_name__icontains="100%").exists()


@pytest.mark.django_db
def test_an_integer_no_column_can_hold_matches_nothing_on_this_database():
    """`pk__in` with 2**63 (a hostile checkbox value) was OverflowError on SQLite; now
    it matches nothing, as `pk=2**63` does in Django and both do on PostgreSQL."""
    student = f.StudentFactory()
    huge = 2**63
    assert list(Student.objects.filter(pk__in=[huge, student.pk])) == [student]
    assert list(Student.objects.filter(pk__in=[huge])) == []
    assert list(Student.objects.filter(pk__in=[-huge - 1])) == []
    assert list(Student.objects.exclude(pk__in=[huge])) == [student]
    assert not Student.objects.filter(pk=huge).exists()


@pytest.mark.django_db
def test_a_literal_integer_list_answers_as_djangos_in_on_this_database():
    """On PostgreSQL an integer `__in` list goes as one array, `= ANY(%s::bigint[])`
    (eagi_inclusion.db.OneArrayOnPostgreSQL); the rows must be those of Django's own
    `IN (…)`: computed here from the values, for a field and a foreign key, with
    duplicates, None, numeric strings, instances, numbers no column holds, negated and
    OR-ed with another condition."""
    from django.db import connection
    from django.db.models import Q

    from students.models import HealthProfile as Profile  # a foreign key to the student

    students = [f.StudentFactory() for _ in range(5)]
    routes = [f.HealthProfileFactory(student=student) for student in students[:4]]
    pks = [student.pk for student in students]
    huge = 2**63
    lists = [
        [pks[0]],
        [pks[1], pks[3], pks[1]],
        [None, pks[2]],
        [str(pks[4]), pks[0]],
        [students[2], pks[3]],
        [huge, pks[1]],
        [pks[0] + 10_000, -1],
        list(range(-100, 0)) + pks[:3],  # a couple of hundred, as a case list is
    ]
    for values in lists:
        wanted = {
            value.pk if isinstance(value, Student) else int(value)
            for value in values
            if value is not None
        }
        plain = [value.pk if isinstance(value, Student) else value for value in values]
        assert {s.pk for s in Student.objects.filter(pk__in=plain)} == wanted & set(pks)
        assert {s.pk for s in Student.objects.exclude(pk__in=plain)} == set(pks) - wanted
        assert {r.pk for r in Profile.objects.filter(student__in=values)} == {
            r.pk for r in routes if r.student_id in wanted
        }
        either = Q(student__in=values) | Q(student=students[3])
        assert {r.pk for r in Profile.objects.filter(either)} == {
            r.pk for r in routes if r.student_id in wanted or r.student == students[3]
        }
    assert list(Student.objects.filter(pk__in=[])) == []
    assert list(Student.objects.filter(pk__in=[None])) == []

    # What goes to the database: one parameter for the whole list on PostgreSQL.
    many = list(range(1, 201))
    sql, params = Profile.objects.filter(student__in=many).query.sql_with_params()
    if connection.vendor == "postgresql":
        assert "= ANY(%s::bigint[])" in sql
        assert list(params) == ["{" + ",".join(map(str, many)) + "}"]
    else:
        assert " IN (" in sql and list(params) == many


@pytest.mark.postgresql("prepared statements are PostgreSQL's")
@pytest.mark.django_db
def test_a_statement_run_often_is_prepared_and_answers_the_same():
    """eagi_inclusion/settings.py: parameters bound by the server, and a statement
    prepared the fifth time a connection runs it. The answers stay the same with other
    values for the same statement, a list of ids included (`= ANY(%s::bigint[])`, one
    array's text)."""
    from django.db import connection

    students = f.StudentFactory.create_batch(4)
    ids = [s.pk for s in students]
    for n in range(1, 8):  # from the fifth run on, prepared; each run its own list
        chosen = ids[: 1 + n % 4]
        found = Student.objects.filter(pk__in=chosen).order_by("pk").values_list("pk", flat=True)
        assert list(found) == chosen
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    listed = ['FROM "students_student"' in s and "= ANY($1::bigint[])" in s for s in prepared]
    assert any(listed), prepared


@pytest.mark.django_db
def test_a_literal_status_answers_as_the_parameter_on_this_database():
    """eagi_inclusion.db.Literal writes a status into the SQL instead of a parameter
    (so PostgreSQL keeps one plan of the teacher's sections in force): the same rows as
    the status passed as a parameter, for each status, and nothing but a code."""
    from eagi_inclusion.db import Literal
    from routes.models import Route, RouteStatus

    period, author = f.AcademicPeriodFactory(), f.UserFactory()
    for status in RouteStatus:
        Route.objects.create(
            student=f.StudentFactory(), period=period, status=status, created_by=author
        )
    for status in [*RouteStatus, "no-such-status"]:
        written = Route.objects.filter(status=Literal(status))
        sql, params = written.query.sql_with_params()
        assert f"'{status}'" in sql and str(status) not in params
        assert sorted(written.values_list("pk", flat=True)) == sorted(
            Route.objects.filter(status=status).values_list("pk", flat=True)
        )
    for hostile in ["active' OR '1'='1", "", "a b", "статус", "x" * 65]:
        with pytest.raises(ValueError):
            Literal(hostile)
