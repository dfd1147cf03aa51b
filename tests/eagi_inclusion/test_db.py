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
