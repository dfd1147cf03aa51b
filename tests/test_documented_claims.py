"""What the README and docs/ promise and nothing else checked: tagged PDF/UA forms, a QR
code that leads to the verification page, `restore --verify-only`, the `courses`
import, a mail server that is down, `check_invariants` for each kind of damage it
names, and the 409 answer to a stale edit of a route's section or support measure."""

import io
import shutil
import subprocess
import tarfile

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from documents.models import IssuedFile, RegisterCounter, RegisterEntry
from routes import services
from routes.models import Route, RouteDecision, RouteStatus
from students.importer import import_file
from students.models import Application, Course, Notification
from students.services import case_assign
from tests import factories as f
from tests.documents.conftest import approved, approved_in_both  # noqa: F401 - fixtures
from tests.helpers import apply_online as _apply
from tests.helpers import pdf_of as _pdf

pytestmark = pytest.mark.django_db


# --- the official forms ---------------------------------------------------------------


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_forms_are_tagged_pdf_ua_in_their_language(
    client,
    specialist,
    approved_in_both,  # noqa: F811
    language,
):
    client.force_login(specialist)
    url = reverse("routes:route-pdf", args=[approved_in_both.pk])
    data = _pdf(client.get(url, {"language": language}))
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root  # the structure a screen reader follows
    assert root["/MarkInfo"]["/Marked"] is True or root["/MarkInfo"]["/Marked"] == True  # noqa: E712
    assert root["/Lang"] == language
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert "pdfuaid:part" in xmp and ("<pdfuaid:part>1<" in xmp or 'pdfuaid:part="1"' in xmp)
    assert reader.pages[0].get("/StructParents") is not None


def test_the_qr_code_on_a_form_leads_to_its_verification_page(
    client,
    specialist,
    approved,  # noqa: F811
    tmp_path,
):
    if not shutil.which("zbarimg") or not shutil.which("pdftoppm"):
        pytest.fail("zbarimg and pdftoppm are missing: scripts/test.sh installs them")
    client.force_login(specialist)
    (tmp_path / "form.pdf").write_bytes(
        _pdf(client.get(reverse("routes:route-pdf", args=[approved.pk])))
    )
    subprocess.run(  # noqa: S603, S607 - poppler, as a person prints or scans the page
        ["pdftoppm", "-r", "200", "-png", "form.pdf", "page"], cwd=tmp_path, check=True
    )
    found = subprocess.run(  # noqa: S603, S607 - a real QR decoder, as a phone reads it
        ["zbarimg", "--quiet", "--raw", *sorted(p.name for p in tmp_path.glob("page*.png"))],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    ).stdout.split()
    code = approved.register_entry.verification_code
    address = settings.SITE_URL + reverse("documents:verify", args=[code])
    assert found == [address]
    # And the address answers for the person holding the paper: the route's specialist.
    path = address.removeprefix(settings.SITE_URL)
    page = client.get(path)
    assert page.status_code == 200 and approved.register_entry.number in page.content.decode()


# --- backups ------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_restore_verify_only_accepts_a_good_archive_and_refuses_damage(
    reference_data, settings, tmp_path, monkeypatch
):
    from workspace.backup import backup, new_key

    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "applications").mkdir(parents=True)
    (tmp_path / "media" / "applications" / "scan.pdf").write_bytes(b"%PDF-1.7 scan")
    key = new_key()
    archive, _manifest = backup(tmp_path / "out", key=key)
    monkeypatch.setenv("BACKUP_ENCRYPTION_KEY", key)
    out = io.StringIO()
    call_command("restore", str(archive), verify_only=True, stdout=out)
    assert "verified — 2 files" in out.getvalue()  # the database dump and the scan
    # One byte changed inside the encrypted archive.
    damaged = tmp_path / "damaged.tar.enc"
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0x01
    damaged.write_bytes(bytes(data))
    with pytest.raises(CommandError):
        call_command("restore", str(damaged), verify_only=True, stdout=io.StringIO())
    monkeypatch.setenv("BACKUP_ENCRYPTION_KEY", new_key())
    with pytest.raises(CommandError, match="Wrong key"):
        call_command("restore", str(archive), verify_only=True, stdout=io.StringIO())
    # Unencrypted, with a file replaced inside: the manifest's hash catches it.
    monkeypatch.delenv("BACKUP_ENCRYPTION_KEY")
    plain, _ = backup(tmp_path / "plain")
    tampered = tmp_path / "tampered.tar"
    with tarfile.open(plain) as old, tarfile.open(tampered, "w") as new:
        for member in old.getmembers():
            content = old.extractfile(member).read() if member.isfile() else None
            if member.name.endswith("applications/scan.pdf"):
                content = b"%PDF-1.7 forged"
                member.size = len(content)
            new.addfile(member, io.BytesIO(content) if content is not None else None)
    with pytest.raises(CommandError, match="hash differs"):
        call_command("restore", str(tampered), verify_only=True, stdout=io.StringIO())
    call_command("restore", str(plain), verify_only=True, stdout=io.StringIO())


# --- import ---------------------------------------------------------------------------------


def test_courses_import_creates_updates_and_reports_bad_lines():
    f.CourseFactory(code="PED3201", name_kk="Ескі атау", name_ru="Старое", credits=3)
    data = (
        "\ufeffcode,name_kk,name_ru,name_en,credits\n"
        "PED3201,Инклюзивті педагогика,Инклюзивная педагогика,Inclusive pedagogy,5\n"
        "PSY3105,Даму психологиясы,Психология развития,,4\n"
    ).encode()
    report = import_file("courses", "courses.csv", data, dry_run=False, skip_errors=False)
    assert (report.created, report.updated, report.errors, report.imported) == (1, 1, [], True)
    course = Course.objects.get(code="PED3201")
    assert (course.name_kk, course.name_ru, course.credits) == (
        "Инклюзивті педагогика",
        "Инклюзивная педагогика",
        5,
    )
    again = import_file("courses", "courses.csv", data, dry_run=False, skip_errors=False)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    bad = "code,name_kk,name_ru,credits\nMTH1001,Математика,,x\n".encode()
    refused = import_file("courses", "bad.csv", bad, dry_run=False, skip_errors=False)
    assert [line for line, _message in refused.errors] == [2]
    assert not refused.imported and not Course.objects.filter(code="MTH1001").exists()


# --- e-mail -------------------------------------------------------------------------------


def test_a_mail_server_that_is_down_leaves_the_message_for_the_digest(
    settings, centre_head, other_specialist, case, django_capture_on_commit_callbacks
):
    import socket

    with socket.socket() as sock:  # a port where no mail server listens
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed, 2
    other_specialist.email = "spec2@eagi.kz"
    other_specialist.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        case_assign(student=case, specialist=other_specialist, actor=centre_head)
    waiting = Notification.objects.get(recipient=other_specialist)
    assert waiting.emailed_at is None  # not sent, and not lost
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # back up
    call_command("send_digest", stdout=io.StringIO())
    [digest] = [m for m in mail.outbox if m.to == ["spec2@eagi.kz"]]
    assert waiting.message in digest.body
    waiting.refresh_from_db()
    assert waiting.emailed_at is not None


# --- invariants -----------------------------------------------------------------------------


@pytest.fixture
def sound_world(approved, student, case, specialist, centre_head):  # noqa: F811
    from documents.rendering import issue
    from routes.forms_pdf import conclusion_form

    _apply(student, case)  # a registered application with an uploaded scan
    conclusion = services.conclusion_save(
        student=case, actor=specialist, analysis="Талдау", adaptations=[]
    )
    conclusion = services.conclusion_issue(conclusion=conclusion, actor=centre_head)
    issue(conclusion_form(conclusion), actor=centre_head, language="kk")
    out = io.StringIO()
    call_command("check_invariants", stdout=out)
    assert out.getvalue().strip() == "All invariants hold."
    return approved


def _damage_reported(damage, expected: str):
    from django.db import transaction

    with transaction.atomic():
        damage()
        err = io.StringIO()
        with pytest.raises(CommandError):
            call_command("check_invariants", stdout=io.StringIO(), stderr=err)
        assert expected in err.getvalue(), err.getvalue()
        transaction.set_rollback(True)


def test_check_invariants_reports_each_kind_of_damage(sound_world, tmp_path):
    route = sound_world
    application = Application.objects.get()
    issued = IssuedFile.objects.first()
    attachment = application.attachments.first()

    def unregistered():
        other = RegisterEntry.objects.exclude(doc_type="application").first()
        Application.objects.filter(pk=application.pk).update(register_entry=other)

    def gap():
        last = RegisterEntry.objects.filter(doc_type="route").order_by("-sequence").first()
        RegisterCounter.objects.filter(doc_type="route").update(last_number=last.sequence + 2)
        RegisterEntry.objects.filter(pk=last.pk).update(sequence=last.sequence + 2)

    def counter_behind():
        RegisterCounter.objects.filter(doc_type="route").update(last_number=0)

    def approved_twice():
        RouteDecision.objects.create(
            route=route,
            actor=route.approved_by,
            from_status=RouteStatus.APPROVAL,
            to_status=RouteStatus.ACTIVE,
        )

    def in_force_unregistered():
        Route.objects.filter(pk=route.pk).update(approved_at=None)

    def status_without_event():
        Application.objects.filter(pk=application.pk).update(status="closed")

    _damage_reported(unregistered, f"application {application.pk} is not registered")
    _damage_reported(gap, "but the last number is")
    _damage_reported(counter_behind, "register counter route/")
    _damage_reported(approved_twice, f"route {route.pk} was approved 2 times")
    _damage_reported(in_force_unregistered, f"route {route.pk} is in force without registration")
    _damage_reported(status_without_event, f"application {application.pk} is closed but")

    # Files: one removed, one changed on disk.
    saved = issued.file.open("rb").read()
    issued.file.close()
    issued.file.storage.delete(issued.file.name)
    with pytest.raises(CommandError):
        call_command("check_invariants", stdout=io.StringIO(), stderr=(err := io.StringIO()))
    assert f"issued form {issued.pk}: file {issued.file.name} is missing" in err.getvalue()
    issued.file.storage.save(issued.file.name, io.BytesIO(saved))
    with attachment.file.storage.open(attachment.file.name, "wb") as handle:
        handle.write(b"%PDF-1.7 changed after upload")
    with pytest.raises(CommandError):
        call_command("check_invariants", stdout=io.StringIO(), stderr=(err := io.StringIO()))
    assert f"attachment {attachment.pk}: file {attachment.file.name} does not match" in (
        err.getvalue()
    )
    assert "issued form" not in err.getvalue()  # put back exactly as it was


# --- two people editing one route ------------------------------------------------------------


def test_a_stale_section_or_measure_edit_answers_409_and_keeps_the_other_change(
    client, specialist, case, period, teacher
):
    route = services.route_create(student=case, period=period, actor=specialist)
    section = route.sections.get()
    stale = route.lock_version
    # Someone else saves first.
    services.route_update(
        route=route, actor=specialist, lock_version=stale, data={"special_conditions": "first"}
    )
    client.force_login(specialist)
    response = client.post(
        reverse("routes:section-edit", args=[section.pk]),
        {"lock_version": stale, "content_adaptations": "second", "extra_time_percent": 25},
    )
    assert response.status_code == 409
    assert "second" in response.content.decode()  # what the person typed is shown, not lost
    section.refresh_from_db()
    assert section.content_adaptations != "second"
    from students.models import SupportMeasureType

    response = client.post(
        reverse("routes:measure-add", args=[route.pk]),
        {
            "lock_version": stale,
            "measure_type": SupportMeasureType.objects.first().pk,
            "description": "Тьютор",
            "provider": "Жұмабаева А. Б.",
            "frequency": "аптасына бір рет",
            "sessions_planned": "12",
        },
    )
    assert response.status_code == 409
    assert not route.support_measures.exists()
    route.refresh_from_db()
    assert route.special_conditions == "first"
