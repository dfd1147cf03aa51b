"""Import from the student information system: dry run, errors by line, nothing
imported from a file with errors unless asked, idempotent re-import."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from students.importer import ImportFileError, import_file
from students.models import (
    AcademicPeriod,
    AcademicYear,
    CourseAssignment,
    LinkRequest,
    Notification,
    Student,
    StudyGroup,
)
from tests import factories as f

pytestmark = pytest.mark.django_db


def _csv(text: str) -> bytes:
    return ("\ufeff" + text).encode()  # Excel writes a BOM


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def programme():
    return f.ProgrammeFactory(code="6B01101")


def test_groups_dry_run_then_import_then_nothing_changes(programme):
    data = _csv(
        "code;programme_code;admission_year;language_of_study\n"
        "ПП-25-1;6B01101;2025;kk\n"
        "ПП-25-2;6B01101;2025;ru\n"
    )
    dry = import_file("groups", "groups.csv", data, dry_run=True, skip_errors=False)
    assert (dry.created, dry.errors, dry.imported) == (2, [], False)
    assert not StudyGroup.objects.filter(code__startswith="ПП-25").exists()
    real = import_file("groups", "groups.csv", data, dry_run=False, skip_errors=False)
    assert (real.created, real.imported) == (2, True)
    assert StudyGroup.objects.get(code="ПП-25-2").language_of_study == "ru"
    again = import_file("groups", "groups.csv", data, dry_run=False, skip_errors=False)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def _student_rows(group):
    good = f.valid_iin(datetime.date(2006, 3, 14))
    bad_checksum = good[:-1] + str((int(good[-1]) + 1) % 10)
    other = f.valid_iin(datetime.date(2005, 7, 1), female=False)
    header = [
        "iin",
        "last_name",
        "first_name",
        "patronymic",
        "full_name_ru",
        "date_of_birth",
        "group",
        "year_of_study",
        "language_of_study",
        "email",
    ]
    return good, [
        header,
        [
            good,
            "Сейітқызы",
            "Аружан",
            "",
            "Сеитказы Аружан",
            "14.03.2006",
            group.code,
            2,
            "kk",
            "aruzhan@example.kz",
        ],
        [bad_checksum, "Петров", "Иван", "Ильич", "", "2006-03-14", group.code, 1, "ru", ""],
        [other, "Әбілов", "Нұрбол", "", "", "2005-07-01", "НЕТ-ТАКОЙ", 3, "kk", ""],
        [],
        [good, "Сейітқызы", "Аружан", "", "", "2006-03-14", group.code, 2, "kk", ""],
    ]


def test_students_with_errors_are_reported_by_line_and_nothing_is_imported():
    group = f.StudyGroupFactory(code="ИС-25-1")
    good, rows = _student_rows(group)
    report = import_file("students", "s.xlsx", _xlsx(rows), dry_run=False, skip_errors=False)
    lines = [line for line, _message in report.errors]
    assert lines == [3, 4, 6]  # bad IIN, unknown group, the same IIN twice (row 5 empty)
    assert "НЕТ-ТАКОЙ" in report.errors[1][1]
    assert "2" in report.errors[2][1]  # points to the first line with the IIN
    assert report.imported is False
    assert not Student.objects.filter(iin=good).exists()
    skipped = import_file("students", "s.xlsx", _xlsx(rows), dry_run=False, skip_errors=True)
    assert (skipped.created, skipped.imported, len(skipped.errors)) == (1, True, 3)
    student = Student.objects.get(iin=good)
    assert (student.last_name, student.full_name_ru, student.year_of_study) == (
        "Сейітқызы",
        "Сеитказы Аружан",
        2,
    )


def test_a_re_import_updates_what_the_sis_changed_and_keeps_history():
    group = f.StudyGroupFactory(code="ИС-25-1")
    next_group = f.StudyGroupFactory(code="ИС-24-1")
    good, rows = _student_rows(group)
    import_file("students", "s.xlsx", _xlsx(rows[:2]), dry_run=False, skip_errors=False)
    rows[1][6], rows[1][7] = next_group.code, 3
    report = import_file("students", "s.xlsx", _xlsx(rows[:2]), dry_run=False, skip_errors=False)
    assert (report.created, report.updated) == (0, 1)
    student = Student.objects.get(iin=good)
    assert student.study_group == next_group and student.year_of_study == 3
    assert student.history.count() == 2


def test_teaching_assignments(period, administrator, centre_head):
    teacher = f.UserFactory(username="t.abenova", email="abenova@eagi.kz", role="teacher")
    course = f.CourseFactory(code="PED3201")
    group = f.StudyGroupFactory(code="ПП-23-1")
    year = period.academic_year.name
    data = _csv(
        "teacher,course,group,academic_year,semester\n"
        f"ABENOVA@eagi.kz,PED3201,ПП-23-1,{year},1\n"
        f"nobody,PED3201,ПП-23-1,{year},1\n"
    )
    first = import_file("assignments", "a.csv", data, dry_run=False, skip_errors=True)
    assert first.created == 1 and [line for line, _m in first.errors] == [3]
    again = import_file("assignments", "a.csv", data, dry_run=False, skip_errors=True)
    assert again.created == 0 and again.unchanged == 1
    assert CourseAssignment.objects.filter(teacher=teacher, course=course, group=group).count() == 1
    # On the web the administrator only asks: each new row waits for the head.
    other = f.UserFactory(username="t.omarova", role="teacher")
    web = _csv(f"teacher,course,group,academic_year,semester\nt.omarova,PED3201,ПП-23-1,{year},1\n")
    asked = import_file(
        "assignments", "a.csv", web, dry_run=False, skip_errors=True, actor=administrator
    )
    assert (asked.created, asked.awaiting) == (0, 1)
    assert not CourseAssignment.objects.filter(teacher=other).exists()
    link = LinkRequest.objects.get(account=other, status="pending")
    assert (link.course, link.group, link.requested_by) == (course, group, administrator)
    assert Notification.objects.filter(recipient=centre_head, kind="links_imported").count() == 1
    again = import_file(
        "assignments", "a.csv", web, dry_run=False, skip_errors=True, actor=administrator
    )
    assert (again.awaiting, again.unchanged) == (0, 1)


def test_unreadable_files_are_refused_with_a_reason():
    with pytest.raises(ImportFileError, match="programme_code"):
        import_file("groups", "g.csv", _csv("code;year\nX;1\n"), dry_run=True, skip_errors=False)
    with pytest.raises(ImportFileError):
        import_file("groups", "g.xlsx", b"not a workbook", dry_run=True, skip_errors=False)
    with pytest.raises(ImportFileError):
        import_file("groups", "g.txt", b"code\n", dry_run=True, skip_errors=False)


def test_the_command_reports_and_fails_on_errors(tmp_path, programme):
    path = tmp_path / "groups.csv"
    path.write_bytes(
        _csv(
            "code,programme_code,admission_year,language_of_study\nA-1,6B01101,2025,kk\n"
            "A-2,NOPE,2025,kk\n"
        )
    )
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_sis", "groups", str(path), "--dry-run", "--language", "en", stdout=out, stderr=err
    )
    assert "1 new" in out.getvalue() and "dry run" in out.getvalue()
    assert "line 3: No education programme with code “NOPE”" in err.getvalue()
    # The operator's language: LANGUAGE_CODE (Kazakh) unless --language says otherwise.
    out, err = io.StringIO(), io.StringIO()
    call_command("import_sis", "groups", str(path), "--dry-run", stdout=out, stderr=err)
    assert "1 жаңа" in out.getvalue() and "3-жол: «NOPE» кодты" in err.getvalue()
    with pytest.raises(CommandError, match="Исправьте строки выше"):
        call_command("import_sis", "groups", str(path), "--language", "ru", stdout=out, stderr=err)
    assert not StudyGroup.objects.filter(code="A-1").exists()


def test_the_catalogue_imports_in_the_documented_order(db, tmp_path):
    """Faculties, programmes and periods, then the groups that name them: what the
    deployment guide has an operator load into an empty database."""
    files = {
        "faculties": "code,name_kk,name_ru,name_en\nPED,Педагогика,Педагогика,Education\n",
        "programmes": "code,faculty_code,name_kk,name_ru\n6B01101,PED,Педагогика,Педагогика\n",
        "periods": (
            "academic_year,kind,number,starts_on,ends_on\n"
            "2026-2027,semester,1,2026-09-01,2027-01-20\n"
            "2026-2027,semester,2,21.01.2027,30.06.2027\n"
        ),
        "groups": "code,programme_code,admission_year,language_of_study\nP-1,6B01101,2026,kk\n",
    }
    groups = tmp_path / "groups.csv"
    groups.write_bytes(_csv(files["groups"]))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_sis",
            "groups",
            str(groups),
            "--language",
            "en",
            stdout=io.StringIO(),
            stderr=err,
        )
    assert "import the programmes first" in err.getvalue()
    for kind, text in files.items():
        path = tmp_path / f"{kind}.csv"
        path.write_bytes(_csv(text))
        call_command("import_sis", kind, str(path), stdout=io.StringIO())
    year = AcademicYear.objects.get(name="2026-2027")
    assert (year.starts_on.isoformat(), year.ends_on.isoformat()) == ("2026-09-01", "2027-06-30")
    assert AcademicPeriod.objects.filter(academic_year=year).count() == 2
    assert StudyGroup.objects.get(code="P-1").programme.faculty.name_en == "Education"
    # Again: nothing changes.
    out = io.StringIO()
    call_command(
        "import_sis", "periods", str(tmp_path / "periods.csv"), "--language", "en", stdout=out
    )
    assert "0 new, 0 changed, 2 unchanged" in out.getvalue()
    bad = tmp_path / "bad-periods.csv"
    bad.write_bytes(
        _csv("academic_year,kind,number,starts_on,ends_on\n2026/27,term,1,2026-09-01,2027-01-20\n")
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_sis", "periods", str(bad), "--language", "en", stdout=io.StringIO(), stderr=err
        )
    assert "written like 2026-2027" in err.getvalue()


def test_the_administrator_imports_through_the_page(client, administrator, programme):
    client.force_login(administrator)
    upload = SimpleUploadedFile(
        "groups.csv",
        _csv(
            "code,programme_code,admission_year,language_of_study\nB-1,6B01101,2025,kk\n"
            "B-2,6B01101,twenty,kk\n"
        ),
    )
    response = client.post(
        reverse("students:sis-import"),
        {"kind": "groups", "file": upload, "dry_run": "on"},
    )
    assert response.status_code == 200
    report = response.context["report"]
    assert report.dry_run and report.created == 1 and report.errors[0][0] == 3
    assert "twenty" in response.content.decode()
    assert not StudyGroup.objects.filter(code="B-1").exists()
