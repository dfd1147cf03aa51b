"""Import from the Institute's student information system (SIS): faculties, education
programmes, academic periods, study groups, courses, students and teaching
assignments, from CSV or XLSX files it exports — in that order, as each kind names
the ones before it (KINDS' order).

- The first row names the columns (COLUMNS below; their order does not matter, and
  extra columns are ignored). Line numbers in reports count that row as line 1.
- Rows are matched on their natural key (group code, course code, IIN, teacher +
  course + group + period): a re-import of the same file changes nothing.
- The whole file is one transaction. A dry run does all the work, reports what would
  change and rolls back. A file with bad rows imports nothing unless the caller
  chooses to skip them, and then imports every good row.
- Health data never comes from the SIS; it is not imported here.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eagi_inclusion.db import analyze
from eagi_inclusion.roles import Role

from .links import LinkError, link_request, links_imported
from .models import (
    AcademicPeriod,
    AcademicYear,
    Course,
    CourseAssignment,
    Faculty,
    LinkRequest,
    Programme,
    Student,
    StudyGroup,
)
from .spreadsheets import ImportFileError, read_rows

KINDS = {
    "faculties": gettext_lazy("faculties"),
    "programmes": gettext_lazy("education programmes"),
    "periods": gettext_lazy("academic periods"),
    "groups": gettext_lazy("study groups"),
    "courses": gettext_lazy("courses"),
    "students": gettext_lazy("students"),
    "assignments": gettext_lazy("teaching assignments"),
}
COLUMNS = {
    "faculties": ["code", "name_kk", "name_ru", "name_en"],
    "programmes": ["code", "faculty_code", "name_kk", "name_ru", "name_en"],
    "periods": ["academic_year", "kind", "number", "starts_on", "ends_on"],
    "groups": ["code", "programme_code", "admission_year", "language_of_study"],
    "courses": ["code", "name_kk", "name_ru", "name_en", "credits"],
    "students": [
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
        "phone",
    ],
    "assignments": ["teacher", "course", "group", "academic_year", "semester"],
}
REQUIRED = {
    "faculties": ["code", "name_kk", "name_ru"],
    "programmes": ["code", "faculty_code", "name_kk", "name_ru"],
    "periods": ["academic_year", "kind", "number", "starts_on", "ends_on"],
    "groups": ["code", "programme_code", "admission_year", "language_of_study"],
    "courses": ["code", "name_kk", "name_ru"],
    "students": [
        "iin",
        "last_name",
        "first_name",
        "date_of_birth",
        "group",
        "year_of_study",
        "language_of_study",
    ],
    "assignments": ["teacher", "course", "group", "academic_year", "semester"],
}
# The tables each kind fills, analysed after an import (eagi_inclusion.db.analyze).
IMPORTED_MODELS = {
    "faculties": [Faculty],
    "programmes": [Programme],
    "periods": [AcademicYear, AcademicPeriod],
    "groups": [StudyGroup],
    "courses": [Course],
    "students": [Student, StudyGroup],
    "assignments": [CourseAssignment],
}


@dataclass
class Report:
    kind: str
    dry_run: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # Teaching assignments imported on the web: requests the head of the centre confirms.
    awaiting: int = 0
    skipped: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    imported: bool = False

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged + self.awaiting + self.skipped


def _date(text: str) -> datetime.date:
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValidationError(
        _("“%(value)s” is not a date (YYYY-MM-DD or DD.MM.YYYY).") % {"value": text}
    )


def _int(text: str, column: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise ValidationError(
            _("%(column)s: “%(value)s” is not a whole number.") % {"column": column, "value": text}
        ) from None


def _language(text: str) -> str:
    value = text.strip().lower()
    if value not in {"kk", "ru"}:
        raise ValidationError(
            _("The language must be kk or ru, not “%(value)s”.") % {"value": text}
        )
    return value


def _messages(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}" if name != "__all__" else " ".join(messages)
            for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


def _save(instance, fields: dict, report: Report, exclude=()):
    """Set the fields, validate, and save only when something changed."""
    changed = instance.pk is None
    for name, value in fields.items():
        if isinstance(value, models.Model):
            current, wanted = getattr(instance, f"{name}_id"), value.pk
        else:
            current, wanted = getattr(instance, name), value
        if current != wanted:
            setattr(instance, name, value)
            changed = True
    if not changed:
        report.unchanged += 1
        return instance
    instance.full_clean(exclude=list(exclude), validate_unique=True)
    created = instance.pk is None
    instance.save()
    if created:
        report.created += 1
    else:
        report.updated += 1
    return instance


def _names(row) -> dict:
    fields = {"name_kk": row["name_kk"], "name_ru": row["name_ru"]}
    if row.get("name_en"):
        fields["name_en"] = row["name_en"]
    return fields


ACADEMIC_YEAR = re.compile(r"^(\d{4})-(\d{4})$")


class _Importer:
    def __init__(self, kind, rows, report, actor=None):
        self.kind, self.rows, self.report, self.actor = kind, rows, report, actor

    def faculties(self, row):
        faculty = self.existing.get(row["code"]) or Faculty(code=row["code"])
        self.existing[row["code"]] = _save(faculty, _names(row), self.report)

    def programmes(self, row):
        faculty = self.faculties_by_code.get(row["faculty_code"])
        if faculty is None:
            raise ValidationError(
                _("No faculty with code “%(code)s”: import the faculties first.")
                % {"code": row["faculty_code"]}
            )
        programme = self.existing.get(row["code"]) or Programme(code=row["code"])
        fields = {"faculty": faculty, **_names(row)}
        self.existing[row["code"]] = _save(programme, fields, self.report)

    def periods(self, row):
        match = ACADEMIC_YEAR.match(row["academic_year"])
        if not match or int(match.group(2)) != int(match.group(1)) + 1:
            raise ValidationError(
                _("The academic year is written like 2026-2027, not “%(value)s”.")
                % {"value": row["academic_year"]}
            )
        kinds = {choice.value: choice for choice in AcademicPeriod.Kind}
        kind = kinds.get(row["kind"].strip().lower())
        if kind is None:
            raise ValidationError(
                _("The kind must be semester or year, not “%(value)s”.") % {"value": row["kind"]}
            )
        starts_on, ends_on = _date(row["starts_on"]), _date(row["ends_on"])
        # The academic year spans its periods: made by the first, widened by the others.
        year = self.years.get(row["academic_year"]) or AcademicYear(
            name=row["academic_year"], starts_on=starts_on, ends_on=ends_on
        )
        year_fields = {
            "starts_on": min(year.starts_on, starts_on),
            "ends_on": max(year.ends_on, ends_on),
        }
        counted = Report(kind="years", dry_run=True)  # a year is not a row of the file
        year = _save(year, year_fields, counted)
        self.years[year.name] = year
        number = _int(row["number"], "number")
        period = self.existing.get((year.name, kind.value, number)) or AcademicPeriod(
            academic_year=year, kind=kind.value, number=number
        )
        period = _save(period, {"starts_on": starts_on, "ends_on": ends_on}, self.report)
        self.existing[(year.name, kind.value, number)] = period

    def groups(self, row):
        programme = self.programmes.get(row["programme_code"])
        if programme is None:
            raise ValidationError(
                _("No education programme with code “%(code)s”: import the programmes first.")
                % {"code": row["programme_code"]}
            )
        group = self.existing.get(row["code"]) or StudyGroup(code=row["code"])
        group = _save(
            group,
            {
                "programme": programme,
                "admission_year": _int(row["admission_year"], "admission_year"),
                "language_of_study": _language(row["language_of_study"]),
            },
            self.report,
        )
        self.existing[group.code] = group

    def courses(self, row):
        course = self.existing.get(row["code"]) or Course(code=row["code"])
        fields = {"name_kk": row["name_kk"], "name_ru": row["name_ru"]}
        if row.get("name_en"):
            fields["name_en"] = row["name_en"]
        if row.get("credits"):
            fields["credits"] = _int(row["credits"], "credits")
        course = _save(course, fields, self.report)
        self.existing[course.code] = course

    def students(self, row):
        group = self.groups_by_code.get(row["group"])
        if group is None:
            raise ValidationError(_("No study group “%(code)s”.") % {"code": row["group"]})
        if row["iin"] in self.seen:
            raise ValidationError(
                _("This IIN is already on line %(line)s.") % {"line": self.seen[row["iin"]]}
            )
        student = self.existing.get(row["iin"])
        language = _language(row["language_of_study"])
        fields = {
            "last_name": row["last_name"],
            "first_name": row["first_name"],
            "patronymic": row.get("patronymic", ""),
            "date_of_birth": _date(row["date_of_birth"]),
            "study_group": group,
            "year_of_study": _int(row["year_of_study"], "year_of_study"),
            "language_of_study": language,
        }
        for optional in ("full_name_ru", "email", "phone"):
            if row.get(optional):
                fields[optional] = row[optional]
        if student is None:
            student = Student(iin=row["iin"], document_language=language)
        elif student.archived_at:
            raise ValidationError(_("This student's case is archived: it is not changed."))
        student = _save(student, fields, self.report, exclude=["user"])
        self.existing[student.iin] = student

    def assignments(self, row):
        teacher = self.teachers.get(row["teacher"].lower())
        if teacher is None:
            raise ValidationError(
                _("No active teacher account “%(name)s” (user name or e-mail).")
                % {"name": row["teacher"]}
            )
        course = self.courses_by_code.get(row["course"])
        if course is None:
            raise ValidationError(_("No course “%(code)s”.") % {"code": row["course"]})
        group = self.groups_by_code.get(row["group"])
        if group is None:
            raise ValidationError(_("No study group “%(code)s”.") % {"code": row["group"]})
        period = self.periods.get((row["academic_year"], row["semester"]))
        if period is None:
            raise ValidationError(
                _("No semester %(number)s in the academic year %(year)s.")
                % {"number": row["semester"], "year": row["academic_year"]}
            )
        if self.actor is not None:
            # On the web the administrator asks; the head of the centre confirms, as
            # for every link that opens students' records (students/links.py). The
            # server's operator running `import_sis` is trusted with the database.
            self._ask(teacher, course, group, period)
            return
        _assignment, created = CourseAssignment.objects.get_or_create(
            teacher=teacher, course=course, group=group, period=period
        )
        if created:
            self.report.created += 1
        else:
            self.report.unchanged += 1

    def _ask(self, teacher, course, group, period):
        exists = CourseAssignment.objects.filter(
            teacher=teacher, course=course, group=group, period=period
        ).exists()
        pending = LinkRequest.objects.filter(
            kind=LinkRequest.Kind.TEACHING, status=LinkRequest.Status.PENDING,
            account=teacher, course=course, group=group, period=period,
        ).exists()  # fmt: skip
        if exists or pending:
            self.report.unchanged += 1
            return
        try:
            self._request(teacher, course, group, period)
        except LinkError as error:
            raise ValidationError(str(error)) from error
        self.report.awaiting += 1

    def _request(self, teacher, course, group, period):
        link_request(
            actor=self.actor,
            kind=LinkRequest.Kind.TEACHING,
            account=teacher,
            basis=str(_("Imported from the student information system, line %(line)s"))
            % {"line": self.line},
            course=course,
            group=group,
            period=period,
            notify_heads=False,
        )

    def prepare(self):
        """Everything the rows refer to, read once."""
        values = {key: {row.get(key, "") for _n, row in self.rows} for key in ("code", "iin")}
        if self.kind == "faculties":
            self.existing = {f.code: f for f in Faculty.objects.filter(code__in=values["code"])}
        elif self.kind == "programmes":
            self.faculties_by_code = {f.code: f for f in Faculty.objects.all()}
            self.existing = {p.code: p for p in Programme.objects.filter(code__in=values["code"])}
        elif self.kind == "periods":
            self.years = {y.name: y for y in AcademicYear.objects.all()}
            self.existing = {
                (p.academic_year.name, p.kind, p.number): p
                for p in AcademicPeriod.objects.select_related("academic_year")
            }
        elif self.kind == "groups":
            self.programmes = {p.code: p for p in Programme.objects.all()}
            self.existing = {g.code: g for g in StudyGroup.objects.filter(code__in=values["code"])}
        elif self.kind == "courses":
            self.existing = {c.code: c for c in Course.objects.filter(code__in=values["code"])}
        elif self.kind == "students":
            self.groups_by_code = {g.code: g for g in StudyGroup.objects.all()}
            self.existing = {s.iin: s for s in Student.objects.filter(iin__in=values["iin"])}
            self.seen = {}
        else:
            users = get_user_model().objects.filter(is_active=True, groups__name=Role.TEACHER)
            self.teachers = {}
            for user in users:
                self.teachers[user.username.lower()] = user
                if user.email:
                    self.teachers[user.email.lower()] = user
            self.courses_by_code = {c.code: c for c in Course.objects.all()}
            self.groups_by_code = {g.code: g for g in StudyGroup.objects.all()}
            self.periods = {
                (p.academic_year.name, str(p.number)): p
                for p in AcademicPeriod.objects.filter(
                    kind=AcademicPeriod.Kind.SEMESTER
                ).select_related("academic_year")
            }


def import_rows(
    kind: str, names: list[str], rows, *, dry_run: bool, skip_errors: bool, actor=None
) -> Report:
    report = Report(kind=kind, dry_run=dry_run)
    missing = [column for column in REQUIRED[kind] if column not in names]
    if missing:
        raise ImportFileError(
            _("Columns missing from the first row: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    importer = _Importer(kind, rows, report, actor)
    with transaction.atomic():
        importer.prepare()
        handle = getattr(importer, kind)
        for number, row in rows:
            empty = [column for column in REQUIRED[kind] if not row.get(column)]
            try:
                if empty:
                    raise ValidationError(
                        _("Empty required columns: %(columns)s.") % {"columns": ", ".join(empty)}
                    )
                # Each row in its own savepoint: a refused row leaves nothing behind.
                with transaction.atomic():
                    importer.line = number
                    handle(row)
                if kind == "students":
                    importer.seen.setdefault(row["iin"], number)
            except ValidationError as error:
                report.errors.append((number, _messages(error)))
                report.skipped += 1
        if dry_run or (report.errors and not skip_errors):
            transaction.set_rollback(True)
        else:
            report.imported = True
            if report.awaiting:
                links_imported(actor=actor, count=report.awaiting)
    if report.imported:
        analyze(*IMPORTED_MODELS[kind])
    return report


def import_file(
    kind: str, name: str, data: bytes, *, dry_run: bool, skip_errors: bool, actor=None
) -> Report:
    """`actor`: the administrator importing on the web (teaching assignments become
    requests the head confirms); None for the server's operator (`import_sis`)."""
    if kind not in KINDS:
        raise ImportFileError(_("Unknown kind of data: %(kind)s.") % {"kind": kind})
    names, rows = read_rows(name, data)
    return import_rows(kind, names, rows, dry_run=dry_run, skip_errors=skip_errors, actor=actor)
