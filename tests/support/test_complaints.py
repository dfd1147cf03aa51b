"""#30, item 2: a confidential channel for reports of discrimination, disrespect or
unethical treatment (§4.1, §7.1, §8). The student or a representative reports; the
head of the centre -- or the person the institution names, when the reporter chooses
them -- takes it up, records steps and answers within the deadlines; no one else reads
it through the app; counts only with small cells suppressed. Who may open which page
is also in the access and POST matrices."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from documents.models import AccessEvent, Institution
from students.models import Notification
from support import complaints
from support.models import Complaint
from support.services import SupportError
from tests import factories as f
from workspace.digest import overdue_for

pytestmark = pytest.mark.django_db

URL = reverse("support:complaints")
SECRET = "Ахметов мырза дәрісте мені топтың алдында мазақ етті"


def _form(**changes) -> dict:
    data = {
        "kind": "disrespect",
        "about": "Ахметов Марат, оқытушы",
        "happened_on": "2026-10-12",
        "place": "301 аудитория",
        "description": SECRET,
        "wish": "Кешірім сұрасын",
    }
    data.update(changes)
    return data


def _notifications(user):
    return list(Notification.objects.filter(recipient=user, kind__startswith="complaint"))


def _name_the_officer(person) -> None:
    institution = Institution.current()
    if institution.pk is None:
        institution.save()
    Institution.objects.filter(pk=institution.pk).update(complaints_officer=person)
    from django.core.cache import cache

    cache.delete(Institution.CACHE_KEY)


def test_the_student_reports_the_head_takes_it_up_and_answers(
    client, student, representative, specialist, centre_head, case, teacher, administrator
):
    client.force_login(student)
    page = client.get(URL).content.decode()
    assert 'name="addressed_to"' not in page  # no one else named: the head reads it
    response = client.post(URL, _form())
    assert response.status_code == 302
    assert client.post(URL, _form()).status_code == 302  # a double click: one report
    [report] = Complaint.objects.all()
    assert response["Location"] == reverse("support:complaint", args=[report.pk])
    assert (report.student, report.addressed_to, report.status) == (case, "head", "received")
    # Deadlines in working days from today (3 to take up, 15 to answer).
    assert report.take_up_by > datetime.date.today() and report.answer_by > report.take_up_by

    # The head hears that there is a report, never what it says or whose it is.
    [note] = _notifications(centre_head)
    assert note.kind == "complaint_received"
    assert set(note.params) == {"due"}  # the deadline, nothing of the report
    assert report.take_up_by.strftime("%d.%m.%Y") in note.message
    assert all(SECRET not in m.body and case.last_name not in m.body for m in mail.outbox)

    # No one else reads it: not the specialist on the case, not the teacher reported,
    # not the parent (the report is the student's), not the administrator.
    detail = reverse("support:complaint", args=[report.pk])
    for person in (specialist, teacher, representative, administrator):
        client.force_login(person)
        assert client.get(detail).status_code == 404, person
        assert SECRET not in client.get(URL).content.decode()
    client.force_login(specialist)
    assert client.get(URL).status_code == 403
    assert _notifications(specialist) == [] and _notifications(teacher) == []

    # The head opens it (logged, but not on the student's own access history, which
    # the head reads) and takes it up with a first step kept to the head.
    client.force_login(centre_head)
    assert SECRET in client.get(detail).content.decode()
    opened = AccessEvent.objects.get(action=AccessEvent.Action.COMPLAINT_VIEW)
    assert (opened.actor, opened.student, opened.object_id) == (centre_head, None, str(report.pk))
    response = client.post(detail, {"text": ""})
    assert response.status_code == 200 and "text" in response.context["step_form"].errors
    client.post(detail, {"text": "Куәгер студенттермен сөйлестім (ішкі жазба)"})
    report.refresh_from_db()
    assert report.status == "in_hand" and report.handled_by == centre_head
    assert [n.kind for n in _notifications(student)] == ["complaint_taken_up"]
    client.post(detail, {"text": "Оқытушыдан түсініктеме алынды", "shared": "on"})

    # The answer: the outcome by its field when missing; then closed, the reporter told.
    response = client.post(detail, {"close": "1", "reply": "Тексердік."})
    assert "outcome" in response.context["close_form"].errors
    client.post(
        detail,
        {"close": "1", "outcome": "confirmed", "reply": "Оқытушыға ескерту жасалды."},
    )
    report.refresh_from_db()
    assert (report.status, report.outcome) == ("closed", "confirmed")
    assert "complaint_answered" in [n.kind for n in _notifications(student)]
    with pytest.raises(SupportError):
        complaints.complaint_step(actor=centre_head, complaint=report, text="x", shared=True)

    # The student reads the shared steps and the answer, not the head's own notes.
    client.force_login(student)
    page = client.get(detail).content.decode()
    assert "Оқытушыға ескерту жасалды." in page and "Оқытушыдан түсініктеме алынды" in page
    assert "ішкі жазба" not in page
    assert client.post(detail, {"text": "I handle it myself"}).status_code == 403


def test_a_report_about_the_centre_goes_to_the_person_the_institute_names(
    client, student, centre_head, management, case
):
    _name_the_officer(management)
    client.force_login(student)
    assert 'name="addressed_to"' in client.get(URL).content.decode()
    client.post(URL, _form(about="Орталық басшысы", addressed_to="officer"))
    [report] = Complaint.objects.all()
    assert report.addressed_to == "officer"
    detail = reverse("support:complaint", args=[report.pk])
    # The head never learns of it: no notification, not in the list, 404.
    assert _notifications(centre_head) == []
    client.force_login(centre_head)
    assert client.get(detail).status_code == 404
    assert detail not in client.get(URL + "?show=all").content.decode()
    # The named vice-rector reads and handles it.
    assert [n.kind for n in _notifications(management)] == ["complaint_received"]
    client.force_login(management)
    assert detail in client.get(URL).content.decode()
    client.post(detail, {"text": "Қабылдадым"})
    report.refresh_from_db()
    assert report.status == "in_hand" and report.handled_by == management
    # With no one named, the choice is not offered and refused if sent anyway.
    _name_the_officer(None)
    with pytest.raises(SupportError):
        complaints.complaint_create(
            actor=student,
            student=case,
            data={**_form(description="Басқа"), "happened_on": None, "addressed_to": "officer"},
        )


def test_form_errors_are_by_their_fields_in_the_readers_language(client, student, case):
    student.language = "ru"
    student.save(update_fields=["language"])
    client.force_login(student)
    response = client.post(URL, _form(description="", happened_on="2099-01-01"))
    errors = response.context["form"].errors
    assert errors["description"] == ["Обязательное поле."]
    assert errors["happened_on"] == ["Эта дата ещё не наступила."]
    assert Complaint.objects.count() == 0


def test_a_parent_reports_for_the_student_and_reads_only_their_own(
    client, student, representative, case
):
    client.force_login(representative)
    client.post(URL, _form(description="Ата-ана ретінде хабарлаймын"))
    client.force_login(student)
    client.post(URL, _form())
    parents, students = Complaint.objects.order_by("pk")
    assert parents.reported_by == representative and parents.student == case
    # Each reads their own; the student does not see the parent's report, nor the other way.
    assert client.get(reverse("support:complaint", args=[parents.pk])).status_code == 404
    client.force_login(representative)
    assert client.get(reverse("support:complaint", args=[students.pk])).status_code == 404


def test_overdue_reports_are_flagged_and_in_the_heads_digest(client, student, centre_head, case):
    client.force_login(student)
    client.post(URL, _form())
    report = Complaint.objects.get()
    assert not [i for i in overdue_for(centre_head) if "?show=overdue" in i[2]]
    Complaint.objects.filter(pk=report.pk).update(
        take_up_by=datetime.date.today() - datetime.timedelta(days=1)
    )
    [item] = [i for i in overdue_for(centre_head) if i[2].startswith(URL)]
    assert item[1] == 1
    client.force_login(centre_head)
    page = client.get(URL + "?show=overdue").content.decode()
    assert reverse("support:complaint", args=[report.pk]) in page


def test_counts_only_with_small_cells_suppressed(client, management, centre_head, period):
    this_year = datetime.date.today().year
    kinds = ["discrimination"] * 6 + ["disrespect"] * 5 + ["unethical"]
    for number, kind in enumerate(kinds):
        record = f.StudentFactory(user=f.UserFactory(role="student"))
        complaints.complaint_create(
            actor=record.user,
            student=record,
            data={
                **_form(description=f"№{number}"),
                "happened_on": None,
                "kind": kind,
            },
        )
    client.force_login(management)
    response = client.get(URL)
    kinds, outcomes = response.context["tables"]
    rows = dict(kinds.rows)
    assert rows[Complaint.Kind.DISCRIMINATION.label] == 6
    # One report of a kind could name its student: "< 5", and the table's smallest other
    # count is hidden too, so nothing is worked out by subtraction.
    assert str(rows[Complaint.Kind.UNETHICAL.label]).startswith("<")
    assert str(rows[Complaint.Kind.DISRESPECT.label]).startswith("<")
    assert outcomes.rows[0][1] == 12  # not yet answered
    assert "№1" not in response.content.decode()  # counts only, no report
    assert list(response.context["reports"]) == []
    # Another year: nothing.
    response = client.get(URL + f"?year={this_year - 1}")
    assert all(value == 0 for _label, value in response.context["tables"][0].rows)


def test_the_list_costs_the_same_at_any_size(pages, student, centre_head, case):
    def report(number):
        complaints.complaint_create(
            actor=student,
            student=case,
            data={**_form(description=f"Оқиға {number}"), "happened_on": None},
        )

    report(0)
    pages(URL + "?show=all", 14, who=centre_head)
    pages(URL, 14, who=student)
    for number in range(1, 8):
        report(number)
    pages(URL + "?show=all", 14, who=centre_head)
    pages(URL, 14, who=student)


def test_the_reporter_withdraws_an_open_report(client, student, representative, centre_head, case):
    client.force_login(student)
    client.post(URL, _form())
    report = Complaint.objects.get()
    detail = reverse("support:complaint", args=[report.pk])
    client.force_login(representative)  # not theirs: they do not even see it
    assert client.post(detail, {"withdraw": "1"}).status_code == 404
    client.force_login(centre_head)  # the handler does not withdraw it for the reporter
    assert client.post(detail, {"withdraw": "1"}).status_code == 403
    client.force_login(student)
    assert client.post(detail, {"withdraw": "1"}).status_code == 302
    report.refresh_from_db()
    assert (report.status, report.outcome) == ("closed", "withdrawn")
    assert "complaint_withdrawn" in [n.kind for n in _notifications(centre_head)]
    assert 'name="withdraw"' not in client.get(detail).content.decode()  # once
    with pytest.raises(SupportError):
        complaints.complaint_withdraw(actor=student, complaint=report)


def test_a_report_costs_the_same_with_any_number_of_steps(pages, student, centre_head, case):
    report = complaints.complaint_create(
        actor=student, student=case, data={**_form(), "happened_on": None}
    )
    detail = reverse("support:complaint", args=[report.pk])
    complaints.complaint_step(actor=centre_head, complaint=report, text="Бірінші", shared=True)
    pages(detail, 16, who=centre_head)
    pages(detail, 16, who=student)
    for number in range(6):
        complaints.complaint_step(
            actor=centre_head, complaint=report, text=f"{number}", shared=True
        )
    pages(detail, 16, who=centre_head)
    pages(detail, 16, who=student)
