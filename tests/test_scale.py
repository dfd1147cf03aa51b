"""Pages cost the same number of SQL queries at 10 and at 2,000 cases, on a data set
written by bench/scale.py (the one `python -m bench.seed_scale` writes for benchmarks)."""

import pytest

from bench.measure import people, query_counts, session_for
from bench.scale import generate
from students.models import Application, Student, StudentUserObjectPermission
from students.selectors import student_list_visible_to

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def after_a_change(settings):
    """The benchmark's switch for its "after a change" rows (bench/settings.py)."""
    settings.MIDDLEWARE = ["bench.views.after_a_change", *settings.MIDDLEWARE]


# The benchmark's own page list and counting (bench/measure.py): the small-N run of
# the benchmark inside the test suite.
CEILING = 25  # the statistics page is the heaviest; docs/performance.md has each count


def _targets(who) -> dict:
    from routes.models import Route, RouteStatus

    specialist = who["specialist"]
    case = Student.objects.filter(assignments__specialist=specialist).order_by("pk").first()
    route = (
        Route.objects.filter(student__assignments__specialist=specialist, status=RouteStatus.ACTIVE)
        .order_by("pk")
        .first()
    )
    return {
        "case": case.get_absolute_url(),
        "route": route.get_absolute_url(),
        "verification": f"/documents/verify/{route.register_entry.verification_code}/",
    }


def _counts(made):
    who = people(made)
    sessions = {name: session_for(user) for name, user in who.items()}
    return query_counts(sessions, _targets(who))


@pytest.mark.urls("bench.urls")
def test_pages_cost_the_same_at_50_and_2000_cases():
    # The planner's statistics describe the small data set (analysed at 50 cases, not
    # after the large one), as right after a big import before autovacuum: every page
    # must still be planned well enough to finish inside the web statement timeout
    # (settings.py), which cancels a bad plan and fails this test.
    made = generate(students=50, specialist_cases=200)
    small = _counts(made)
    made = generate(students=1950, specialist_cases=200, analyze_tables=False)
    assert Student.objects.count() == 2000 and Application.objects.count() == 2000
    large = _counts(made)
    assert large == small  # not one query more with 40 times the data
    assert max(large.values()) <= CEILING, large
    # The specialist holds their 200 cases, not the others'.
    specialist = made["specialists"][0]
    assert (
        StudentUserObjectPermission.objects.filter(
            user=specialist, permission__codename="view_case"
        ).count()
        == 200
    )
    assert student_list_visible_to(specialist).count() == 200
    assert student_list_visible_to(made["head"]).count() == 2000


@pytest.mark.postgresql("reads PostgreSQL's query plans and its trigram (pg_trgm) indexes")
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


@pytest.mark.urls("bench.urls")
def test_the_profiler_counts_what_the_benchmark_counts():
    """bench/profile.py (docs/performance.md, "Where the time of the first pages goes")
    times a page's SQL at the driver: its query count is the benchmark's for the page,
    and the SQL's share is part of the request's time."""
    from django.conf import settings
    from django.test import Client

    from bench.profile import profile_page

    made = generate(students=20, specialist_cases=20)
    who = people(made)
    counts = _counts(made)
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session_for(who["specialist"])
    home = profile_page(client, "/?after-a-change", requests=2)
    assert home["queries"] == counts["home: specialist, after a change"] > 0
    assert 0 < home["sql_ms"] < home["ms"] and 0 <= home["templates_share"] < 1
    assert profile_page(Client(), "/bench/minimal/", requests=2)["queries"] == 1


@pytest.mark.urls("bench.urls")
def test_reading_the_pages_leaves_the_data_version_alone():
    """The home pages are kept until the data changes (eagi_inclusion/data_version.py):
    opening any of the benchmark's pages writes only what the version leaves out (the
    access log, the session), so reading keeps them kept."""
    from django.conf import settings
    from django.test import Client

    from bench.measure import resolve
    from bench.timing import PAGES
    from eagi_inclusion import data_version

    made = generate(students=20, specialist_cases=20)
    who = people(made)
    _counts(made)  # every page once: what a first visit writes (a device's first use)
    sessions = {name: session_for(user) for name, user in who.items()}
    targets = _targets(who)
    for label, path, person in PAGES:
        if "after-a-change" in path:
            continue
        client = Client()
        if person:
            client.cookies[settings.SESSION_COOKIE_NAME] = sessions[person]
        before = data_version.current()
        assert client.get(resolve(path, targets)).status_code == 200, label
        assert data_version.current() == before, label
