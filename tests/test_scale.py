"""Pages cost the same number of SQL queries at 10 and at 2,000 cases, on a data set
written by routes/scale.py (the one `manage.py seed_scale` writes for benchmarks)."""

import pytest
from django.urls import reverse

from routes.scale import generate
from students.models import Application, Student, StudentUserObjectPermission

pytestmark = pytest.mark.django_db

PAGES = [
    # (name, query string, whose, limit): limits include session save and OTP device.
    ("students:student-list", "", "head", 16),
    ("students:student-list", "?q=нұрлан&year_of_study=2&o=-group", "head", 16),
    ("students:student-list", "", "specialist", 16),
    ("students:application-list", "?status=registered", "head", 15),
    ("routes:route-list", "", "head", 16),
    ("routes:route-list", "?status=active&course=SC0&o=name", "specialist", 16),
    ("routes:conclusion-list", "", "head", 15),
    ("routes:protocol-list", "", "head", 15),
    ("home", "", "head", 25),
    ("home", "", "specialist", 22),
    ("home", "", "teacher", 18),
    ("home", "", "rector", 14),
    ("documents:register-list", "", "head", 12),
]


def _people(made):
    return {
        "head": made["head"],
        "specialist": made["specialists"][0],
        "teacher": made["teachers"][0],
        "rector": made["rector"],
    }


def _measure(client, django_assert_max_num_queries, people):
    pages, counts = {}, {}
    for name, query, whose, limit in PAGES:
        client.force_login(people[whose])
        with django_assert_max_num_queries(limit, info=f"{name}{query} as {whose}") as queries:
            response = client.get(reverse(name) + query)
        assert response.status_code == 200, (name, whose)
        pages[(name, query, whose)] = response
        counts[(name, query, whose)] = len(queries)
    return pages, counts


def test_pages_cost_the_same_at_10_and_2000_cases(client, django_assert_max_num_queries):
    made = generate(students=10, specialist_cases=200)
    _pages, small = _measure(client, django_assert_max_num_queries, _people(made))
    made = generate(students=1990, specialist_cases=200)
    assert Student.objects.count() == 2000 and Application.objects.count() == 2000
    pages, large = _measure(client, django_assert_max_num_queries, _people(made))
    assert large == small  # not one query more with 200 times the data
    # The specialist sees their 200 cases, not the others'.
    specialist = made["specialists"][0]
    assert (
        StudentUserObjectPermission.objects.filter(
            user=specialist, permission__codename="view_case"
        ).count()
        == 200
    )
    listed = pages[("students:student-list", "", "specialist")].context["paginator"].count
    assert listed == 200
    head_listed = pages[("students:student-list", "", "head")].context["paginator"].count
    assert head_listed == 2000


def test_name_search_and_case_scoping_use_indexes():
    """On 2,000 cases, the searched and permission-scoped student list is planned
    with indexes, not a sequential scan of the permission table."""
    from django.db import connection

    from students.filters import StudentFilter
    from students.selectors import student_list_visible_to

    made = generate(students=2000, specialist_cases=200)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    specialist = made["specialists"][0]
    scoped = student_list_visible_to(specialist)
    plan = scoped.explain()
    assert "Seq Scan on students_studentuserobjectpermission" not in plan, plan
    # At 2,000 rows a scan may well be cheapest; with scans discouraged the planner
    # shows that the trigram indexes can serve every name column of the search.
    searched = StudentFilter({"q": "нұрлан"}, queryset=Student.objects.all()).qs
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")  # not the name order's B-tree
    plan = searched.order_by().explain()
    assert "students_student_last_name_trgm" in plan, plan
    assert "students_student_full_name_ru_trgm" in plan, plan
