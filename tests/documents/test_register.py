import io
import uuid

from django.urls import reverse
from openpyxl import load_workbook

from students.applications import application_submit
from tests import factories as f
from tests.helpers import apply_online

URL = reverse("documents:register-list")


def _apply(student_user, record):
    return apply_online(student_user, record, texts=("CONFIDENTIAL-DIFFICULTY", "c"), scans=0)


def test_head_and_registry_read_the_register_without_content(
    client, centre_head, registry, student, case
):
    application = _apply(student, case)
    for user in (centre_head, registry):
        client.force_login(user)
        body = client.get(URL).content.decode()
        assert application.register_entry.number in body
        assert "CONFIDENTIAL-DIFFICULTY" not in body


def test_others_may_not_read_the_register(client, specialist, teacher, management, student):
    for user in (specialist, teacher, management, student):
        client.force_login(user)
        assert client.get(URL).status_code == 403


def test_register_filters_by_type_and_number(client, centre_head, student, case):
    application = _apply(student, case)
    client.force_login(centre_head)
    response = client.get(URL, {"doc_type": "route"})
    assert list(response.context["entries"]) == []
    response = client.get(URL, {"doc_type": "application", "number": "0001"})
    assert [e.pk for e in response.context["entries"]] == [application.register_entry_id]


def test_register_exports_the_filtered_rows_to_xlsx(client, registry, student, case):
    from students.models import Application

    first = _apply(student, case)
    Application.objects.filter(pk=first.pk).update(status="closed")  # one open at a time
    _apply(student, case)
    client.force_login(registry)
    response = client.get(reverse("documents:register-export"), {"number": "0001"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2  # header + the one matching entry
    assert rows[1][0] == first.register_entry.number
    assert rows[1][3] == case.full_name


def test_register_queries_do_not_grow(client, pages, centre_head, registry):
    # session, user, groups, permissions, count, page of entries (student, author joined)
    client.force_login(centre_head)

    def add(count):
        for _ in range(count):
            application_submit(
                actor=registry,
                student=f.StudentFactory(),
                applicant_kind="student",
                data={
                    "difficulties": "",
                    "conditions_requested": "",
                    "preferred_contact": "in_person",
                    "contact_detail": "",
                    "document_language": "kk",
                    "delivered_by": "x",
                },
                files=[],
                token=uuid.uuid4(),
                consent_given=True,
                channel="paper",
            )

    add(2)
    pages(URL, 11)
    add(60)
    response = pages(URL, 11)
    assert len(response.context["entries"]) == 50
