"""Property-based tests over every form: random and malicious values (very long
strings, control characters, mixed scripts, SQL and HTML fragments, invalid dates,
IIN edge cases) never produce a server error and never store half a record."""

import uuid

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from documents.models import RegisterEntry
from routes import services as routes
from routes.forms import (
    AssessmentForm,
    CommentForm,
    ConclusionForm,
    ProtocolForm,
    RouteForm,
    SectionForm,
    SupportMeasureForm,
)
from students.forms import (
    ApplicationForm,
    CaseAssignForm,
    DecisionForm,
    HealthProfileForm,
    PaperApplicationForm,
)
from students.models import Application, ApplicationAttachment, Consent

pytestmark = pytest.mark.django_db

NASTY = [
    "",
    " ",
    "'; DROP TABLE students_student; --",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "Әлия Серікқызы Нұрланова",
    "Ӑ̈̃ͅ𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🙂",
    "\x00\x01\x1b[31m",
    "\u202eevil\u202c",
    "2026-02-30",
    "31.12.1999",
    "9999-99-99",
    "-1",
    "1e309",
    "000000000000",
    "990101300000",
    "12345678901",
    "1234567890123",
    "%s%s%n",
    "../../etc/passwd",
    "x" * 5000,
]
VALUE = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1000, max_size=3000),
    st.integers(min_value=-(2**63), max_value=2**63).map(str),
    st.dates().map(lambda d: d.isoformat()),
)
FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _data(form_class, draw_values, fixed):
    data = {
        name: draw_values[i % len(draw_values)] for i, name in enumerate(form_class.base_fields)
    }
    data = {k: v for k, v in data.items() if not k.startswith(("files_", "scan"))}
    data.update(fixed)
    return data


def _post(client, url, data):
    response = client.post(url, data)
    assert response.status_code < 500, (url, data)
    return response


@pytest.fixture
def world(case, student, specialist, centre_head, teacher, management, period, registry):
    from tests.helpers import apply_online as _apply

    # A registered application with an uploaded scan: the decision forms have one to
    # act on, and the invariants below have rows to check.
    application = _apply(student, case)
    route = routes.route_create(student=case, period=period, actor=specialist)
    return {"route": route, "section": route.sections.get(), "application": application}


def _invariants():
    assert ApplicationAttachment.objects.exists()  # the loops below check real rows
    # Every application is registered, has its consent, and every attachment its file.
    assert Application.objects.filter(register_entry__isnull=True).count() == 0
    assert (
        Application.objects.count() == RegisterEntry.objects.filter(doc_type="application").count()
    )
    assert Consent.objects.count() >= Application.objects.values("consent").distinct().count()
    for attachment in ApplicationAttachment.objects.all():
        assert attachment.file.storage.exists(attachment.file.name)


@FUZZ
@given(values=st.lists(VALUE, min_size=1, max_size=12))
def test_the_student_application_form(client, world, student, case, values):
    client.force_login(student)
    data = _data(
        ApplicationForm,
        values,
        {"student": case.pk, "submission_token": str(uuid.uuid4())},
    )
    _post(client, reverse("students:application-create"), data)
    _invariants()


@FUZZ
@given(values=st.lists(VALUE, min_size=1, max_size=12))
def test_the_paper_application_form(client, world, registry, values):
    client.force_login(registry)
    _post(
        client,
        reverse("students:paper-application-create"),
        _data(PaperApplicationForm, values, {}),
    )
    _invariants()


@FUZZ
@given(values=st.lists(VALUE, min_size=1, max_size=8))
def test_the_centre_forms(client, world, specialist, case, values):
    client.force_login(specialist)
    route, section = world["route"], world["section"]
    route.refresh_from_db()
    for url, form_class, fixed in [
        (reverse("students:health-edit", args=[case.pk]), HealthProfileForm, {}),
        (reverse("routes:assessment-create", args=[case.pk]), AssessmentForm, {}),
        (reverse("routes:conclusion-create", args=[case.pk]), ConclusionForm, {}),
        (reverse("routes:protocol-create", args=[case.pk]), ProtocolForm, {}),
        (
            reverse("routes:route-edit", args=[route.pk]),
            RouteForm,
            {"lock_version": route.lock_version},
        ),
        (
            reverse("routes:section-edit", args=[section.pk]),
            SectionForm,
            {"lock_version": route.lock_version},
        ),
        (
            reverse("routes:measure-add", args=[route.pk]),
            SupportMeasureForm,
            {"lock_version": route.lock_version},
        ),
    ]:
        _post(client, url, _data(form_class, values, fixed))
        route.refresh_from_db()
    _invariants()


@FUZZ
@given(values=st.lists(VALUE, min_size=1, max_size=4))
def test_the_head_and_rector_forms(client, world, centre_head, management, case, student, values):
    application = world["application"]
    client.force_login(centre_head)
    _post(
        client, reverse("students:case-assign", args=[case.pk]), _data(CaseAssignForm, values, {})
    )
    _post(
        client,
        reverse("students:application-decide", args=[application.pk, "return"]),
        _data(DecisionForm, values, {}),
    )
    _post(client, reverse("students:emergency-access"), {"iin": values[0], "reason": values[-1]})
    _post(
        client,
        reverse("students:disclosure-create", args=[case.pk]),
        {
            "recipient": values[0],
            "legal_basis": values[-1],
            "what": values[0],
            "disclosed_on": values[-1],
        },
    )
    client.force_login(management)
    _post(
        client,
        reverse("routes:route-transition", args=[world["route"].pk, "return"]),
        _data(CommentForm, values, {}),
    )
    _invariants()


@FUZZ
@given(value=VALUE)
def test_language_display_and_search(client, world, centre_head, value):
    client.force_login(centre_head)
    _post(client, reverse("set-language"), {"language": value, "next": value})
    _post(client, reverse("set-display"), {"option": value, "next": value})
    for name in ("students:student-list", "students:application-list", "routes:route-list"):
        response = client.get(reverse(name), {"q": value, "group": value, "year_of_study": value})
        assert response.status_code < 500


@pytest.mark.parametrize(
    ("original", "content_type", "served"),
    [
        ("spravka\u202efdp.exe", "application/pdf", "spravkafdp.pdf"),  # shown as "spravkaexe.pdf"
        ("анықтама.PDF", "application/pdf", "анықтама.pdf"),
        ("photo.png.exe", "image/jpeg", "photo.png.jpg"),
        ("../../etc/passwd", "image/png", "-..-etc-passwd.png"),
        ("\u200b\u0000", "image/png", "file.png"),
        ("scan", "application/pdf", "scan.pdf"),
    ],
)
def test_an_upload_is_downloaded_under_the_type_the_check_established(
    original, content_type, served
):
    """#28, finding 9: a download kept the uploader's extension."""
    from documents.downloads import upload_name

    assert upload_name(original, content_type) == served
