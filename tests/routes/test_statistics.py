"""Statistics of a year, computed on a known data set and checked against numbers
worked out by hand; the exports carry the same numbers."""

import csv
import datetime
import io

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from routes import services as routes
from routes.models import CourseAgreement, Route
from students.models import AdaptationType, Application, NeedCategory
from students.services import case_assign
from tests import factories as f
from tests.helpers import apply_online as _apply

pytestmark = pytest.mark.django_db


def _ten_minutes_later(year):
    """The year's figures are kept ten minutes (routes/statistics.py, by this key)."""
    cache.delete_many([f"eagi:statistics:{year.pk}:{code}" for code, _name in settings.LANGUAGES])


@pytest.fixture
def year_data(centre_head, specialist, management):
    today = datetime.date.today()
    year = f.AcademicYearFactory(
        name="TEST",
        starts_on=today - datetime.timedelta(days=100),
        ends_on=today + datetime.timedelta(days=200),
    )
    period = f.AcademicPeriodFactory(academic_year=year)
    pedagogy = f.FacultyFactory(code="PED", name_kk="Педагогика", name_ru="Педагогика")
    it = f.FacultyFactory(code="IT", name_kk="АТ", name_ru="ИТ")
    ped_group = f.StudyGroupFactory(programme=f.ProgrammeFactory(faculty=pedagogy))
    it_group = f.StudyGroupFactory(programme=f.ProgrammeFactory(faculty=it))
    visual, hearing = NeedCategory.objects.order_by("pk")[:2]
    people = {}
    for key, group, year_of_study, categories in [
        ("a", ped_group, 3, [visual]),
        ("b", it_group, 2, [visual, hearing]),
        ("c", ped_group, 3, []),
        ("d", it_group, 1, [hearing]),
    ]:
        user = f.UserFactory(username=f"stat-{key}", role="student")
        record = f.StudentFactory(user=user, study_group=group, year_of_study=year_of_study)
        f.HealthProfileFactory(student=record).need_categories.set(categories)
        case_assign(student=record, specialist=specialist, actor=centre_head)
        people[key] = (user, record)
    a = _apply(*people["a"])
    _apply(*people["b"], channel="paper")
    _apply(*people["c"])
    # D applied before the year began: not counted.
    _apply(*people["d"], submitted_at=timezone.now() - datetime.timedelta(days=150))
    teacher = f.CourseAssignmentFactory(group=ped_group, period=period).teacher
    route = routes.route_create(student=people["a"][1], period=period, actor=specialist)
    section = route.sections.get()
    section.extra_time_percent = 25
    section.save()
    adaptation = AdaptationType.objects.order_by("pk").first()
    section.adaptation_types.add(adaptation)
    routes.route_send_for_agreement(route=route, actor=specialist)
    routes.section_agree(section=section, actor=teacher)
    # The teacher answered two days after the route was sent.
    agreement = CourseAgreement.objects.get(section=section)
    CourseAgreement.objects.filter(pk=agreement.pk).update(
        at=agreement.at + datetime.timedelta(days=2)
    )
    routes.route_approve(route=route, actor=management)
    # Approved ten days after the application.
    Route.objects.filter(pk=route.pk).update(
        approved_at=Application.objects.get(pk=a.pk).submitted_at + datetime.timedelta(days=10)
    )
    routes.route_create(student=people["b"][1], period=period, actor=specialist)
    return {"year": year, "visual": visual, "hearing": hearing, "adaptation": adaptation}


def _rows(data, key):
    return dict(next(t for t in data["tables"] if t.key == key).rows)


def test_year_statistics_match_the_numbers_worked_out_by_hand(
    client, centre_head, year_data, django_assert_max_num_queries, django_assert_num_queries
):
    client.force_login(centre_head)
    # A fixed number of aggregate queries, whatever the size of the year (counted
    # again below, on more data). The page is warm, as all day; the year's figures are
    # computed anew (they are kept ten minutes: routes/statistics.py).
    url = reverse("routes:statistics") + f"?year={year_data['year'].pk}"
    client.get(url)
    _ten_minutes_later(year_data["year"])
    with django_assert_max_num_queries(30) as counted:
        response = client.get(url)
    assert response.status_code == 200
    data = response.context
    figures = data["figures"]
    assert figures["students"] == 3 and figures["applications"] == 3 and figures["routes"] == 2
    assert figures["median_days_to_route"] == 10.0 and figures["routes_counted"] == 1
    assert figures["median_agreement_days"] == 2.0
    assert _rows(data, "by_category") == {
        year_data["visual"].name: 2,
        year_data["hearing"].name: 1,
    }
    assert _rows(data, "by_faculty") == {"Педагогика": 2, "АТ": 1}
    assert sorted(_rows(data, "by_year_of_study").values()) == [1, 2]
    assert sorted(_rows(data, "applications_by_channel").values()) == [1, 2]
    statuses = _rows(data, "applications_by_status")
    assert sum(statuses.values()) == 3
    assert sorted(_rows(data, "routes_by_status").values()) == [1, 1]
    adaptations = _rows(data, "adaptations")
    assert adaptations[year_data["adaptation"].name] == 1
    assert sum(adaptations.values()) == 2  # the type and the extra time
    body = response.content.decode()
    assert 'role="img"' in body and "<table" in body  # each chart has its table
    # One decision has no 90th percentile: its days alone, never "90% — —" (#30, 14).
    assert figures["agreements_counted"] == 1 and figures["agreement_p90_days"] is None
    assert "90%" not in body and "— —" not in body
    # Aggregates only: no name appears.
    for record in Application.objects.select_related("student"):
        assert record.student.last_name not in body
    # Four more students who applied this year: the same queries, the new numbers.
    for index in range(4):
        user = f.UserFactory(username=f"stat-more-{index}", role="student")
        _apply(user, f.StudentFactory(user=user))
    _ten_minutes_later(year_data["year"])
    with django_assert_num_queries(len(counted.captured_queries)):
        again = client.get(url)
    assert again.context["figures"]["applications"] == 7


def test_exports_carry_the_same_numbers(client, centre_head, year_data):
    client.force_login(centre_head)
    url = reverse("routes:statistics-export", args=["xlsx"])
    response = client.get(url, {"year": year_data["year"].pk})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    workbook = load_workbook(io.BytesIO(response.content))
    first = {row[0]: row[1] for row in workbook.worksheets[0].iter_rows(values_only=True)}
    assert "TEST" in first.values()
    categories = workbook.worksheets[1]
    values = {row[0]: row[1] for row in categories.iter_rows(min_row=3, values_only=True)}
    assert values == {year_data["visual"].name: 2, year_data["hearing"].name: 1}
    response = client.get(
        reverse("routes:statistics-export", args=["csv"]), {"year": year_data["year"].pk}
    )
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert [year_data["visual"].name, "2"] in [row[1:] for row in rows]
    assert client.get(reverse("routes:statistics-export", args=["pdf"])).status_code == 404


def test_teachers_and_specialists_may_not_see_statistics(client, specialist, teacher):
    for user in (specialist, teacher):
        client.force_login(user)
        assert client.get(reverse("routes:statistics")).status_code == 403


HOSTILE_NAMES = ['=HYPERLINK("http://x.test","Ашу")', "+7 701 555", "-2+3", "@SUM(A1)"]


def test_exports_write_formula_like_names_as_text(client, centre_head, year_data):
    """Names come from the admin and the SIS import: one that starts like a formula is
    text in every export, never a formula a spreadsheet would run."""
    for name, category in zip(
        HOSTILE_NAMES[:2], (year_data["visual"], year_data["hearing"]), strict=True
    ):
        NeedCategory.objects.filter(pk=category.pk).update(name_kk=name, name_ru=name)
    client.force_login(centre_head)
    year = {"year": year_data["year"].pk}
    response = client.get(reverse("routes:statistics-export", args=["xlsx"]), year)
    workbook = load_workbook(io.BytesIO(response.content))
    cells = {c.value: c for row in workbook.worksheets[1].iter_rows() for c in row if c.value}
    for name in HOSTILE_NAMES[:2]:
        assert cells[name].data_type == "s", name  # text, not a formula
    response = client.get(reverse("routes:statistics-export", args=["csv"]), year)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    labels = [row[1] for row in rows]
    assert "'" + HOSTILE_NAMES[0] in labels and "'" + HOSTILE_NAMES[1] in labels
    assert HOSTILE_NAMES[0] not in labels


def test_the_register_export_writes_formula_like_names_as_text(client, registry, year_data):
    from students.models import Student

    student = Student.objects.filter(user__username="stat-a").get()
    Student.objects.filter(pk=student.pk).update(last_name=HOSTILE_NAMES[0], first_name="@x")
    client.force_login(registry)
    response = client.get(reverse("documents:register-export"))
    workbook = load_workbook(io.BytesIO(response.content))
    cells = [c for row in workbook.worksheets[0].iter_rows() for c in row]
    hostile = [c for c in cells if isinstance(c.value, str) and c.value.startswith("=HYPER")]
    assert hostile and all(c.data_type == "s" for c in hostile)
    assert not any(c.data_type == "f" for c in cells)


def test_small_counts_are_hidden_from_everyone_but_the_head(client, management, year_data):
    """#17 finding 10: a count of 1 per category, faculty and year names the student in
    a small centre. The rector's office sees "< 5"; no total lets it be worked out."""
    client.force_login(management)
    year = {"year": year_data["year"].pk}
    response = client.get(reverse("routes:statistics"), year)
    figures, tables = response.context["figures"], response.context["tables"]
    assert figures["students"] == figures["applications"] == figures["routes"] == "< 5"
    assert figures["median_days_to_route"] is None  # a median of one case is that case
    for table in tables:
        assert all(not isinstance(v, int) or v == 0 or v >= 5 for _label, v in table.rows)
        assert "in all" not in table.summary
    body = response.content.decode()
    assert "&lt; 5" in body
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("routes:statistics-export", args=["xlsx"]), year).content)
    )
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            assert not any(isinstance(v, int) and 0 < v < 5 for v in row), row
    text = client.get(reverse("routes:statistics-export", args=["csv"]), year).content
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    assert not any(cell in {"1", "2", "3", "4"} for row in rows for cell in row[2:])


def test_one_small_cell_is_hidden_with_a_neighbour():
    """With a single small cell, the total minus the others would reveal it: its
    smallest neighbour is hidden too."""
    from routes.statistics import Table, suppress_small_cells

    data = {
        "tables": [Table("by_faculty", "F", [("A", 12), ("B", 7), ("C", 3)])],
        "figures": {
            "students": 22,
            "applications": 22,
            "routes": 9,
            "routes_counted": 9,
            "agreements_counted": 9,
            "median_days_to_route": 3.0,
            "median_agreement_days": 2.0,
            "agreement_p90_days": 4.0,
        },
    }
    [table] = suppress_small_cells(data)["tables"]
    assert table.rows == [("A", 12), ("B", "< 5"), ("C", "< 5")]
    assert suppress_small_cells(data)["figures"]["students"] == 22
