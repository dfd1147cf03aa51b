"""Lists count at most a window of rows, so that a page costs the same whatever the
table's size; beyond it they say "more than", and every page stays reachable."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from eagi_inclusion.pagination import BoundedPaginator
from students.models import Student
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def thirty_students(period):
    group = f.StudyGroupFactory()
    return [
        f.StudentFactory(last_name=f"Студент{n:02d}", first_name="Ата", study_group=group)
        for n in range(30)
    ]


def _status(response) -> str:
    match = re.search(r'<p role="status">(.*?)</p>', response.content.decode())
    return match.group(1)


@pytest.fixture
def head_in_english(centre_head):
    centre_head.language = "en"
    centre_head.save(update_fields=["language"])
    return centre_head


def test_within_the_cap_the_count_is_exact(client, head_in_english, thirty_students):
    client.force_login(head_in_english)
    response = client.get("/students/")
    assert _status(response) == "30 students found"
    assert "Page 1 of 2" in response.content.decode()


def test_beyond_the_cap_the_page_says_more_than(
    client, head_in_english, thirty_students, monkeypatch
):
    monkeypatch.setattr(BoundedPaginator, "cap", 10)
    client.force_login(head_in_english)
    first = client.get("/students/")
    # The first page counts one past its own 25 rows: more than 25, and a next page.
    assert _status(first) == "More than 25 students found"
    body = first.content.decode()
    assert "Page 1" in body and "Page 1 of" not in body
    assert 'rel="next"' in body
    assert [s.last_name for s in first.context["students"]] == [
        f"Студент{n:02d}" for n in range(25)
    ]
    # The last page counts far enough to know it is the last: exact again.
    second = client.get("/students/?page=2")
    assert _status(second) == "30 students found"
    assert "Page 2 of 2" in second.content.decode()
    assert [s.last_name for s in second.context["students"]] == [
        f"Студент{n:02d}" for n in range(25, 30)
    ]


def test_the_count_reads_at_most_the_window(thirty_students, monkeypatch):
    monkeypatch.setattr(BoundedPaginator, "cap", 10)
    paginator = BoundedPaginator(Student.objects.order_by("pk"), 5)
    with CaptureQueriesContext(connection) as queries:
        page = paginator.get_page(1)
    assert "LIMIT 11" in queries[0]["sql"]
    assert (paginator.count, paginator.exact, paginator.shown_count) == (11, False, 10)
    assert page.has_next()
    # Asking for page 4 widens the window to cover it and the next.
    paginator = BoundedPaginator(Student.objects.order_by("pk"), 5)
    assert len(paginator.get_page(4).object_list) == 5
    assert paginator.window == 20 and not paginator.exact
    # Beyond the end: the last page, as Django's paginator does.
    paginator = BoundedPaginator(Student.objects.order_by("pk"), 5)
    assert paginator.get_page(99).number == 6
    assert (paginator.count, paginator.exact) == (30, True)


def test_lists_that_are_python_lists_still_paginate():
    paginator = BoundedPaginator(list(range(12)), 5)
    assert list(paginator.get_page(3).object_list) == [10, 11]
    assert paginator.exact
