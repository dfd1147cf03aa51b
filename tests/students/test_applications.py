"""Applying online: journeys through the views, consent, uploads, idempotency, access."""

import io
import threading
import uuid

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.urls import reverse
from django.utils import translation

from documents.models import AccessEvent, RegisterEntry
from documents.register import register_document
from eagi_inclusion.roles import Role
from students.applications import ApplicationError, application_submit
from students.models import Application, ApplicationAttachment, Consent, Notification
from tests import factories as f
from tests.helpers import application_form as _form
from tests.helpers import apply_online, pdf_bytes, png_bytes

URL = reverse("students:application-create")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path / "upload-tmp"
    settings.FILE_UPLOAD_TEMP_DIR.mkdir()
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # big files go through the temp folder
    return settings


def _in_english(user):
    user.language = "en"
    user.save(update_fields=["language"])


def _stored_files(settings):
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_student_applies_online_with_a_pdf_and_consent(
    client, student, case, centre_head, media, django_capture_on_commit_callbacks
):
    client.force_login(student)
    data = _form(case, files_mse=SimpleUploadedFile("mse.pdf", pdf_bytes(), "application/pdf"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, data)
    application = Application.objects.get()
    assert response.status_code == 302 and response.url == application.get_absolute_url()
    assert application.status == "registered"
    assert application.register_entry.number.startswith("ӨТ-")
    assert (
        application.consent.given_by == student and application.consent.given_by_kind == "student"
    )
    assert list(application.events.values_list("to_status", flat=True)) == [
        "submitted",
        "registered",
    ]
    attachment = application.attachments.get()
    assert attachment.kind == "mse" and attachment.content_type == "application/pdf"
    assert "mse" not in attachment.file.name  # random name on disk
    # The applicant follows the status; the centre head was told by e-mail.
    page = client.get(application.get_absolute_url()).content.decode()
    assert application.register_entry.number in page and 'aria-current="step"' in page
    assert {m.to[0] for m in mail.outbox} == {student.email, centre_head.email}


def test_representative_applies_for_the_represented_student(client, representative, case):
    client.force_login(representative)
    assert client.post(URL, _form(case)).status_code == 302
    application = Application.objects.get()
    assert application.applicant_kind == "representative"
    assert application.consent.given_by_kind == "representative"


def test_teacher_requests_a_route_once_the_student_has_consented(client, teacher, student, case):
    client.force_login(teacher)
    response = client.post(URL, _form(case, consent=""))
    assert response.status_code == 200
    assert not Application.objects.exists()
    # Refused, but not silently: the student and the representative are asked.
    asked = Notification.objects.filter(kind="consent_requested")
    assert {n.recipient for n in asked} == {student, case.representatives.get().user}
    assert teacher.get_full_name() in asked.first().message
    # Said in the teacher's language (Kazakh), on the form.
    assert "Білім алушы дербес деректерді өңдеуге келісім бермеген." in (response.content.decode())
    client.force_login(student)
    home = client.get(reverse("home"))
    assert [n.kind for n in home.context["consent_requests"]] == ["consent_requested"]
    assert reverse("students:application-create") in home.content.decode()
    client.force_login(teacher)
    Consent.objects.create(
        student=case,
        given_by=student,
        given_by_kind="student",
        operator="EAGI",
        purposes="p",
        data_categories="c",
        text_version="2026-11",
    )
    assert client.post(URL, _form(case, consent="")).status_code == 302
    assert Application.objects.get().applicant_kind == "teacher"


def test_no_consent_no_submission_and_the_reason_is_shown(client, student, case, media):
    client.force_login(student)
    response = client.post(URL, _form(case, consent=""))
    assert response.status_code == 200
    assert 'id="id_consent_error"' in response.content.decode()
    assert not Application.objects.exists() and not RegisterEntry.objects.exists()


def test_withdrawn_consent_is_asked_again(client, student, case):
    from django.utils import timezone

    consent = Consent.objects.create(
        student=case,
        given_by=student,
        given_by_kind="student",
        operator="EAGI",
        purposes="p",
        data_categories="c",
        text_version="2026-11",
    )
    consent.withdrawn_at = timezone.now()
    consent.save()
    client.force_login(student)
    response = client.post(URL, _form(case, consent=""))
    assert response.status_code == 200 and not Application.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("fake.pdf", b"MZ\x90\x00 this is an executable", "is not a PDF, JPEG or PNG file"),
        ("script.pdf", "js", "contains a script (JavaScript)"),
        ("huge.png", "bigimage", "too large an image"),
        ("broken.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 4000, "is not a readable image"),
        ("polyglot.png", "polyglot", "carries data hidden beside the image"),
        ("bomb.zip", "zipbomb", "is not a PDF, JPEG or PNG file"),
    ],
)
def test_refused_uploads_say_why_and_store_nothing(
    client, student, case, media, name, content, message
):
    if content == "js":
        content = pdf_bytes(b"js")
    elif content == "bigimage":
        content = png_bytes(8000, 7000)
    elif content == "polyglot":
        # A valid PNG that is also a web page for a browser that sniffs it.
        content = png_bytes() + b"<html><script>alert(document.cookie)</script></html>"
    elif content == "zipbomb":
        import zipfile

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("zeros.bin", b"\0" * (50 * 1024 * 1024))  # 50 MB in ~50 KB
        content = buffer.getvalue()
    _in_english(student)
    client.force_login(student)
    response = client.post(URL, _form(case, files_other=SimpleUploadedFile(name, content)))
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body and 'id="id_files_other_error"' in body
    assert not Application.objects.exists() and not ApplicationAttachment.objects.exists()
    assert _stored_files(media) == []
    assert list(media.FILE_UPLOAD_TEMP_DIR.iterdir()) == []


def test_more_than_twenty_megabytes_is_refused(client, student, case, media):
    big = b"%PDF-1.7\n" + b"0" * (20 * 1024 * 1024)
    _in_english(student)
    client.force_login(student)
    response = client.post(URL, _form(case, files_other=SimpleUploadedFile("big.pdf", big)))
    assert "larger than 20 MB" in response.content.decode()
    assert not Application.objects.exists() and _stored_files(media) == []


def test_more_than_ten_files_are_refused(client, student, case, media):
    files = [SimpleUploadedFile(f"p{i}.png", png_bytes()) for i in range(11)]
    client.force_login(student)
    response = client.post(URL, _form(case, files_other=files))
    assert response.status_code == 200
    assert not Application.objects.exists() and _stored_files(media) == []


def test_a_replayed_form_creates_one_application(client, student, case):
    client.force_login(student)
    data = _form(case)
    first = client.post(URL, data)
    second = client.post(URL, data)
    assert Application.objects.count() == 1
    assert first.url == second.url


def test_error_messages_are_in_the_users_language(client, student, case):
    student.language = "ru"
    student.save(update_fields=["language"])
    client.force_login(student)
    response = client.post(URL, _form(case, difficulties="", consent=""))
    body = response.content.decode()
    assert "Обязательное поле." in body
    assert "Без согласия на обработку персональных данных" in body


@pytest.mark.parametrize(
    "outsider", ["other_student", "other_specialist", "other_teacher", "registry", "management"]
)
def test_others_cannot_open_an_application(client, request, student, case, outsider):
    client.force_login(student)
    client.post(URL, _form(case))
    application = Application.objects.get()
    client.force_login(request.getfixturevalue(outsider))
    assert client.get(application.get_absolute_url()).status_code == 404
    # Their own list (empty for them), which does not hold the application.
    listed = client.get(reverse("students:application-list"))
    assert listed.status_code == 200
    assert list(listed.context["applications"]) == []
    assert application.register_entry.number not in listed.content.decode()


def test_attachment_download_checks_permission_and_is_logged(
    client, student, case, specialist, other_specialist, media
):
    uploaded = pdf_bytes()
    client.force_login(student)
    client.post(URL, _form(case, files_mse=SimpleUploadedFile("mse.pdf", uploaded)))
    attachment = ApplicationAttachment.objects.get()
    url = reverse("students:attachment-download", args=[attachment.pk])
    client.force_login(specialist)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == uploaded  # the very bytes the student sent
    assert AccessEvent.objects.filter(actor=specialist, action="file.download").exists()
    client.force_login(other_specialist)
    assert client.get(url).status_code == 404


def test_head_assigns_a_specialist_and_the_assessment_starts(
    client, student, case, centre_head, other_specialist
):
    client.force_login(student)
    client.post(URL, _form(case))
    application = Application.objects.get()
    client.force_login(centre_head)
    client.post(
        reverse("students:application-start", args=[application.pk]),
        {"specialist": other_specialist.pk},
    )
    application.refresh_from_db()
    assert application.status == "in_assessment"
    assert other_specialist.has_perm("students.view_case", case)


def test_applicant_withdraws_and_the_history_says_who(client, student, case):
    client.force_login(student)
    client.post(URL, _form(case))
    application = Application.objects.get()
    client.post(reverse("students:application-withdraw", args=[application.pk]), {"comment": "x"})
    application.refresh_from_db()
    assert application.status == "withdrawn"
    last = application.events.last()
    assert (last.actor, last.from_status, last.comment) == (student, "registered", "x")


def test_incoming_list_queries_do_not_grow(client, pages, centre_head, student, case):
    # session, user, groups, count, page of applications (number, student, group joined),
    # the choices of the faculty, programme, SEN category and specialist filters
    def add(count):
        for _ in range(count):
            record = f.StudentFactory()
            consent = Consent.objects.create(
                student=record,
                given_by=student,
                given_by_kind="student",
                operator="E",
                purposes="p",
                data_categories="c",
                text_version="v",
            )
            with transaction.atomic():
                entry = register_document(
                    doc_type="application", student=record, author=student, language="kk"
                )
                Application.objects.create(
                    student=record,
                    channel="online",
                    applicant_kind="student",
                    submitted_by=student,
                    consent=consent,
                    register_entry=entry,
                    difficulties="d",
                    conditions_requested="c",
                    preferred_contact="email",
                    document_language="kk",
                    submission_token=uuid.uuid4(),
                    status="registered",
                )

    client.force_login(centre_head)
    add(2)
    pages(reverse("students:application-list"), 15)
    add(30)
    response = pages(reverse("students:application-list"), 15)
    assert len(response.context["applications"]) == 25


@pytest.mark.django_db(transaction=True)
def test_simultaneous_submissions_get_distinct_consecutive_numbers(reference_data):
    """N threads, each with its own PostgreSQL connection, submit at the same instant."""
    count = 8
    records = []
    for i in range(count):
        user = f.UserFactory(username=f"conc{i}", role="student")
        records.append((user, f.StudentFactory(user=user)))
    barrier = threading.Barrier(count)
    errors = []

    def submit(user, record):
        try:
            barrier.wait()
            apply_online(user, record, scans=0)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=pair) for pair in records]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    sequences = sorted(RegisterEntry.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, count + 1))


def test_only_related_people_may_apply(other_teacher, case):
    with pytest.raises(ApplicationError):
        application_submit(
            actor=other_teacher,
            student=case,
            applicant_kind="teacher",
            data={},
            files=[],
            token=uuid.uuid4(),
            consent_given=False,
        )


PAPER_URL = reverse("students:paper-application-create")


def _paper(record, **extra):
    return {
        "submission_token": str(uuid.uuid4()),
        "iin": record.iin,
        "applicant_kind": "representative",
        "delivered_by": "Нұрланов Серік, father",
        "received_at": "2026-01-10T10:30",
        "document_language": "ru",
        "difficulties": "Confidential difficulty PAPER-7",
        "conditions_requested": "",
        "consent_on_paper": "on",
        "scan": SimpleUploadedFile("scan.png", png_bytes(), "image/png"),
        **extra,
    }


def test_registry_registers_a_paper_application_with_a_scan(client, registry, case, media):
    client.force_login(registry)
    response = client.post(PAPER_URL, _paper(case))
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.channel == "paper" and application.submitted_by == registry
    assert application.delivered_by.startswith("Нұрланов") and application.received_at
    assert application.status == "registered" and application.register_entry.number
    assert application.attachments.get().kind == "scan"
    assert application.consent.given_by_kind == "representative"
    # The register shows who delivered what, never the content of the application.
    body = client.get(reverse("students:registry-list")).content.decode()
    assert application.register_entry.number in body and "Нұрланов Серік" in body
    assert "PAPER-7" not in body
    assert client.get(application.get_absolute_url()).status_code == 404
    attachment = application.attachments.get()
    url = reverse("students:attachment-download", args=[attachment.pk])
    assert client.get(url).status_code == 404
    # The form, with its block for the clerk's signature, the clerk may print (#28, 15).
    pdf_url = reverse("students:application-pdf", args=[application.pk])
    assert pdf_url in body
    printed = client.get(pdf_url)
    assert printed.status_code == 200 and printed["Content-Type"] == "application/pdf"
    # Not another clerk: only what one registered oneself.
    other = f.UserFactory(username="registry2", role=Role.REGISTRY)
    client.force_login(other)
    assert client.get(pdf_url).status_code == 404
    assert pdf_url not in client.get(reverse("students:registry-list")).content.decode()


def test_paper_application_needs_a_scan_and_a_known_iin(client, registry, case, media):
    client.force_login(registry)
    data = _paper(case, iin="050412600018" if case.iin != "050412600018" else "050412600026")
    data.pop("scan")
    response = client.post(PAPER_URL, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="id_scan_error"' in body and 'id="id_iin_error"' in body
    assert not Application.objects.exists() and _stored_files(media) == []


def test_paper_application_without_consent_is_refused(client, registry, case, media):
    client.force_login(registry)
    response = client.post(PAPER_URL, _paper(case, consent_on_paper=""))
    assert 'id="id_consent_on_paper_error"' in response.content.decode()
    assert not Application.objects.exists() and _stored_files(media) == []


def test_only_the_registry_registers_paper_applications(client, student, case):
    client.force_login(student)
    assert client.get(PAPER_URL).status_code == 403
    assert client.get(reverse("students:registry-list")).status_code == 403


def _submitted(client, student, case):
    client.force_login(student)
    client.post(URL, _form(case))
    return Application.objects.get()


def test_return_then_resubmit_with_a_document(client, student, case, centre_head, media):
    application = _submitted(client, student, case)
    client.force_login(centre_head)
    decide = reverse("students:application-decide", args=[application.pk, "return"])
    assert client.post(decide, {"comment": ""}).status_code == 200  # reason required
    client.post(decide, {"comment": "Please attach the МӘС conclusion."})
    application.refresh_from_db()
    assert application.status == "returned"
    client.force_login(student)
    page = client.get(application.get_absolute_url()).content.decode()
    assert "Please attach the МӘС conclusion." in page
    client.post(
        reverse("students:application-resubmit", args=[application.pk]),
        {"comment": "Attached.", "files_other": SimpleUploadedFile("mse.pdf", pdf_bytes())},
    )
    application.refresh_from_db()
    assert application.status == "registered"
    assert application.attachments.count() == 1
    assert [e.to_status for e in application.events.all()][-2:] == ["returned", "registered"]


def test_decline_needs_a_reason_and_only_the_head_decides(
    client, student, case, centre_head, specialist
):
    application = _submitted(client, student, case)
    decide = reverse("students:application-decide", args=[application.pk, "decline"])
    client.force_login(specialist)
    assert client.post(decide, {"comment": "no"}).status_code == 403
    client.force_login(centre_head)
    client.post(decide, {"comment": "The student has left the Institute."})
    application.refresh_from_db()
    assert application.status == "declined"
    assert application.events.last().comment == "The student has left the Institute."


def test_withdrawn_consent_stops_processing_and_is_recorded(
    client, student, case, centre_head, other_specialist
):
    application = _submitted(client, student, case)
    consent = application.consent
    client.post(reverse("students:consent-withdraw", args=[consent.pk]))
    consent.refresh_from_db()
    assert consent.withdrawn_at and consent.withdrawn_by == student
    assert consent.history.count() == 2
    client.force_login(centre_head)
    client.post(
        reverse("students:application-start", args=[application.pk]),
        {"specialist": other_specialist.pk},
    )
    application.refresh_from_db()
    assert application.status == "registered"
    assert not other_specialist.has_perm("students.view_case", case)


def test_someone_else_cannot_withdraw_a_consent(client, student, other_student, case):
    application = _submitted(client, student, case)
    client.force_login(other_student)
    response = client.post(reverse("students:consent-withdraw", args=[application.consent.pk]))
    assert response.status_code == 404
    application.consent.refresh_from_db()
    assert application.consent.withdrawn_at is None


def test_applicant_sees_the_status_on_the_home_page(client, student, case, centre_head):
    application = _submitted(client, student, case)
    body = client.get(reverse("home")).content.decode()
    assert application.register_entry.number in body
    client.force_login(centre_head)
    assert application.register_entry.number in client.get(reverse("home")).content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_same_form_posted_twice_at_once_creates_one_application(reference_data):
    """A double click: two requests with one token, each on its own connection."""
    user = f.UserFactory(username="double", role="student")
    record = f.StudentFactory(user=user)
    token = uuid.uuid4()
    barrier = threading.Barrier(2)
    results, errors = [], []

    def submit():
        try:
            barrier.wait()
            results.append(apply_online(user, record, scans=0, token=token).pk)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Application.objects.count() == 1 and RegisterEntry.objects.count() == 1
    assert len(set(results)) == 1


def test_a_second_application_while_one_is_open_shows_the_open_one(client, student, case):
    """#17 finding 11: one student registered six applications in seconds, each taking a
    register number and a line on the head's dashboard."""
    client.force_login(student)
    first = client.post(URL, _form(case))
    open_one = Application.objects.get()
    entries = RegisterEntry.objects.count()
    again = client.post(URL, _form(case))  # a new form, a new token
    assert again.status_code == 302 and again.url == first.url == open_one.get_absolute_url()
    assert Application.objects.count() == 1 and RegisterEntry.objects.count() == entries
    page = client.get(again.url).content.decode()
    assert open_one.register_entry.number in page
    # Once it is dealt with (withdrawn here), a new one may be submitted.
    client.post(reverse("students:application-withdraw", args=[open_one.pk]), {"comment": "x"})
    open_one.refresh_from_db()
    assert open_one.status == "withdrawn"
    assert client.post(URL, _form(case)).status_code == 302
    assert Application.objects.count() == 2


def test_online_submissions_per_account_are_limited(client, representative, case, settings, period):
    """A representative may apply for several students, but not flood the register."""
    settings.APPLICATIONS_PER_HOUR = 2
    records = [case]
    for n in range(2):
        other = f.StudentFactory(study_group=case.study_group)
        other.representatives.create(user=representative, last_name="Н", first_name=str(n))
        records.append(other)
    client.force_login(representative)
    for record in records[:2]:
        response = client.post(URL, _form(record))
        assert response.status_code == 302
    entries = RegisterEntry.objects.count()
    refused = client.post(URL, _form(records[2]))
    assert refused.status_code == 200
    # In the representative's language (Kazakh), next to the form.
    assert "Сіз соңғы бір сағатта 2 өтініш жібердіңіз." in refused.content.decode()
    assert RegisterEntry.objects.count() == entries and Application.objects.count() == 2


def test_the_application_page_offers_only_the_languages_the_form_can_be_had_in(
    client, student, case
):
    """#28, finding 16: "In Russian" led to a 409 whose "write the texts" link gave the
    student a 403. Now the page shows what can be had, and says the rest is coming."""
    from tests.helpers import apply_online as _apply

    application = _apply(student, case)  # its texts in Kazakh only
    client.force_login(student)
    page = client.get(application.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    body = page.content.decode()
    assert "?language=kk" in body and "?language=ru" not in body
    assert "Бланкінің орысша нұсқасы әлі дайын емес" in body  # the student reads Kazakh
    assert "texts/application" not in body  # no link to a page the student may not open
    # The student asks for it; the specialist on the case and the head are told, once.
    wanted = reverse("students:application-texts-wanted", args=[application.pk])
    assert f'action="{wanted}"' in body
    client.post(wanted)
    client.post(wanted)  # a second click tells nobody twice
    told = Notification.objects.filter(kind="texts_wanted")
    assert sorted(told.values_list("recipient__username", flat=True)) == ["head", "spec"]
    note = told.get(recipient__username="spec")
    assert note.url == reverse("documents:texts-edit", args=["application", application.pk, "ru"])
    with translation.override("en"):
        assert "wants " in note.message and "Russian" in note.message
    application.translations = {
        "ru": {"difficulties": "Не вижу записи на доске.", "conditions_requested": "Крупный шрифт."}
    }
    application.save(update_fields=["translations"])
    body = client.get(application.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "?language=ru" in body and "әлі дайын емес" not in body
    pdf = client.get(reverse("students:application-pdf", args=[application.pk]), {"language": "ru"})
    assert pdf.status_code == 200
