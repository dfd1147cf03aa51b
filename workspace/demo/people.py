"""The demo's people and intake: accounts, the institute's catalogue, students with
their cases, and applications in several states."""

import base64
import datetime
import io
import uuid

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image, ImageDraw, ImageFont

from eagi_inclusion.roles import TWO_FACTOR_ROLES, Role
from students.applications import application_submit, application_withdraw
from students.models import (
    AcademicPeriod,
    AcademicYear,
    Application,
    ApplicationStatus,
    Course,
    CourseAssignment,
    Faculty,
    HealthProfile,
    LegalRepresentative,
    LinkRequest,
    NeedCategory,
    Programme,
    Student,
    StudyGroup,
    Unit,
    User,
)
from students.services import case_assign
from students.uploads import check_uploads

from .data import (
    ACCOUNTS,
    COURSES,
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    FACULTIES,
    GROUPS,
    POSITIONS_RU,
    PROGRAMMES,
    STUDENTS,
    TEACHING,
    UNITS,
    make_iin,
)


def _upsert(model, defaults=None, **lookup):
    """update_or_create that saves only what differs: seed_demo run again writes no
    row and so no history (simple-history records every save)."""
    defaults = defaults or {}
    found = model.objects.filter(**lookup).first()
    if found is None:
        return model.objects.create(**lookup, **defaults), True
    changed = []
    for name, wanted in defaults.items():
        field = model._meta.get_field(name)
        if field.is_relation:
            current, value = getattr(found, field.attname), getattr(wanted, "pk", wanted)
        else:
            current, value = getattr(found, name), wanted
        if current != value:
            setattr(found, name, wanted)
            changed.append(name)
    if changed:
        found.save(update_fields=changed)
    return found, False


def accounts() -> dict[str, User]:
    users = {}
    units = {
        code: _upsert(Unit, code=code, defaults={"name_kk": kk, "name_ru": ru, "name_en": en})[0]
        for code, kk, ru, en in UNITS
    }
    for username, (role, last, first, patronymic, ru, position) in ACCOUNTS.items():
        user, created = _upsert(
            User,
            username=username,
            defaults={
                "last_name": last,
                "first_name": first,
                "patronymic": patronymic,
                "full_name_ru": ru,
                "position": position,
                "position_ru": POSITIONS_RU.get(username, ""),
                "email": f"{username}@demo.eagi.kz",
                "is_staff": role == Role.ADMINISTRATOR,
                "is_active": True,
                # A unit's staff member: the unit named like the account (`events`).
                "unit": units.get(username) if role == Role.UNIT else None,
            },
        )
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.set([Group.objects.get(name=role)])
        if role in TWO_FACTOR_ROLES:
            _upsert(
                TOTPDevice,
                user=user,
                name="demo",
                defaults={
                    "key": base64.b32decode(DEMO_TOTP_SECRET).hex(),
                    "confirmed": True,
                },
            )
        users[username] = user
    return users


def institute(users):
    faculties = {}
    for code, kk, ru, en in FACULTIES:
        faculties[code], _ = _upsert(
            Faculty, code=code, defaults={"name_kk": kk, "name_ru": ru, "name_en": en}
        )
    programmes = {}
    for code, faculty, kk, ru, en in PROGRAMMES:
        programmes[code], _ = _upsert(
            Programme,
            code=code,
            defaults={
                "faculty": faculties[faculty],
                "name_kk": kk,
                "name_ru": ru,
                "name_en": en,
            },
        )
    groups = {}
    for code, programme, year, language in GROUPS:
        groups[code], _ = _upsert(
            StudyGroup,
            code=code,
            defaults={
                "programme": programmes[programme],
                "admission_year": year,
                "language_of_study": language,
            },
        )
    courses = {}
    for code, kk, ru, en in COURSES:
        courses[code], _ = _upsert(
            Course, code=code, defaults={"name_kk": kk, "name_ru": ru, "name_en": en}
        )
    year, _ = _upsert(
        AcademicYear,
        name="2026-2027",
        defaults={
            "starts_on": datetime.date(2026, 9, 1),
            "ends_on": datetime.date(2027, 6, 30),
        },
    )
    periods = []
    for number, starts, ends in (
        (1, datetime.date(2026, 9, 1), datetime.date(2027, 1, 24)),
        (2, datetime.date(2027, 1, 25), datetime.date(2027, 6, 30)),
    ):
        period, _ = _upsert(
            AcademicPeriod,
            academic_year=year,
            kind=AcademicPeriod.Kind.SEMESTER,
            number=number,
            defaults={"starts_on": starts, "ends_on": ends},
        )
        periods.append(period)
    for teacher, course, group in TEACHING:
        CourseAssignment.objects.get_or_create(
            teacher=users[teacher],
            course=courses[course],
            group=groups[group],
            period=periods[0],
        )
    # The administrator asked for one more teaching assignment; it waits on the head's
    # page of requests (nothing opens until the head confirms it).
    _upsert(
        LinkRequest,
        kind=LinkRequest.Kind.TEACHING,
        account=users["teacher2"],
        course=courses["PSY2210"],
        group=groups["ПС-24-1р"],
        period=periods[0],
        defaults={
            "basis": "Оқу жүктемесі туралы бұйрық № 214-ж, 2026-11-25",
            "requested_by": users["admin"],
        },
    )
    return groups, periods


def students(users, groups):
    categories = {category.code: category for category in NeedCategory.objects.all()}
    head = users["centre_head"]
    for serial, row in enumerate(STUDENTS, start=1):
        (
            username,
            last,
            first,
            patronymic,
            ru,
            female,
            born,
            group,
            year_of_study,
            health,
            specialist,
        ) = row
        group_obj = groups[group]
        student, _ = _upsert(
            Student,
            iin=make_iin(born, female, 1000 + serial * 37),
            defaults={
                "user": users[username] if username else None,
                "last_name": last,
                "first_name": first,
                "patronymic": patronymic,
                "full_name_ru": ru,
                "date_of_birth": born,
                "email": f"{username or 'student' + str(serial)}@demo.eagi.kz",
                "phone": f"+7 701 555 {serial:02d} {serial * 7:02d}",
                "study_group": group_obj,
                "year_of_study": year_of_study,
                "language_of_study": group_obj.language_of_study,
                "document_language": group_obj.language_of_study,
            },
        )
        need_codes, disability_group, notes = health
        profile, _ = _upsert(
            HealthProfile,
            student=student,
            defaults={
                "disability_group": disability_group,
                "disability_valid_until": datetime.date(2027, 3, 1) if disability_group else None,
                "mse_conclusion_number": f"МӘС-{born.year}-{serial:04d}"
                if disability_group
                else "",
                "mse_conclusion_date": datetime.date(2025, 3, 1) if disability_group else None,
                "notes": notes,
            },
        )
        profile.need_categories.set([categories[code] for code in need_codes])
        if specialist:
            case_assign(student=student, specialist=users[specialist], actor=head)
        if username == "student":
            parent = users["parent"]
            _upsert(
                LegalRepresentative,
                student=student,
                user=parent,
                defaults={
                    "last_name": parent.last_name,
                    "first_name": parent.first_name,
                    "patronymic": parent.patronymic,
                    "relation": LegalRepresentative.Relation.FATHER,
                    "phone": "+7 701 555 00 11",
                    "email": parent.email,
                    "basis_document": "Туу туралы куәлік № 0345127, 2005-03-20",
                },
            )
            # How the link came about: asked by the administrator with its ground,
            # confirmed by the head (#28, finding 1).
            _upsert(
                LinkRequest,
                kind=LinkRequest.Kind.REPRESENTATIVE,
                account=parent,
                student=student,
                defaults={
                    "relation": LegalRepresentative.Relation.FATHER,
                    "basis": "Туу туралы куәлік № 0345127, 2005-03-20",
                    "requested_by": users["admin"],
                    "status": LinkRequest.Status.CONFIRMED,
                    "decided_by": head,
                    "decided_at": datetime.datetime(2026, 9, 1, 10, tzinfo=datetime.UTC),
                },
            )


def applications(users):
    """Applications in several states; fixed tokens make a second run find them."""

    def submit(username, actor, kind, key, difficulties, conditions):
        student = Student.objects.get(user__username=username)
        return application_submit(
            actor=users[actor],
            student=student,
            applicant_kind=kind,
            data={
                "difficulties": difficulties,
                "conditions_requested": conditions,
                "preferred_contact": "email",
                "contact_detail": "",
                "document_language": student.document_language,
            },
            files=[],
            token=uuid.uuid5(uuid.NAMESPACE_URL, f"eagi-demo/{key}"),
            consent_given=True,
        )

    submit(
        "student",
        "student",
        "student",
        "aliya-1",
        "Тақтадағы жазуды және ұсақ қаріпті көре алмаймын.",
        "Үлкен қаріпті материалдар, экранды оқу бағдарламасы, емтиханда қосымша уақыт.",
    )
    withdrawn = submit(
        "student2",
        "student2",
        "student",
        "daniyar-1",
        "Үшінші қабаттағы аудиторияларға жету қиын.",
        "Бірінші қабаттағы аудитория.",
    )
    if withdrawn.status != ApplicationStatus.WITHDRAWN:
        application_withdraw(
            application=withdrawn, actor=users["student2"], comment="Қайта береміз."
        )
    submit(
        "student2",
        "student2",
        "student",
        "daniyar-2",
        "Арбамен қозғаламын; үшінші қабаттағы аудиторияларға жету мүмкін емес.",
        "Барлық сабақтар бірінші қабатта; емтиханда қосымша үзіліс.",
    )


def paper_application(users):
    """Аружан's mother brings a signed application on paper; the registry clerk scans
    it and registers it (the scan is the record). Found again by its token."""
    student = Student.objects.get(full_name_ru="Сейиткали Аружан Ерболовна")
    scan = SimpleUploadedFile("өтініш-қағаз.pdf", _scan_of_paper(), "application/pdf")
    return application_submit(
        actor=users["registry"],
        student=student,
        applicant_kind="representative",
        data={
            "difficulties": "Дәрісті естімеймін, ымдау тілі аудармашысы жоқ.",
            "conditions_requested": "Ымдау тілі аудармашысы, дәріс конспектілері алдын ала.",
            "preferred_contact": Application.Contact.IN_PERSON,
            "contact_detail": "",
            "document_language": student.document_language,
            "delivered_by": "Сейітқали Гүлмира Асанқызы (анасы)",
            "received_at": timezone.localtime().replace(
                hour=10, minute=30, second=0, microsecond=0
            ),
        },
        files=[("scan", item) for item in check_uploads([scan])],
        token=uuid.uuid5(uuid.NAMESPACE_URL, "eagi-demo/aruzhan-paper-1"),
        consent_given=True,
        channel=Application.Channel.PAPER,
    )


def _scan_of_paper() -> bytes:
    """A page as a scanner makes it: the handwritten-style application, as an image in
    a PDF (greyish paper, no text layer), drawn with the forms' font."""
    page = Image.new("L", (827, 1169), 242)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(settings.BASE_DIR / "static/fonts/NotoSerif-Regular.ttf"), 20)
    lines = [
        (460, 80, "ИББҚО басшысына"),
        (460, 110, "Сейітқали Гүлмира Асанқызынан"),
        (340, 220, "ӨТІНІШ"),
        (80, 290, "Қызым Сейітқали Аружан Ерболқызына (АП-24-1) инклюзивті"),
        (80, 320, "білім беру жағдайларын жасауды сұраймын: ымдау тілі"),
        (80, 350, "аудармашысы, дәріс конспектілері алдын ала."),
        (80, 410, "Дербес деректерді өңдеуге келісемін."),
        (80, 520, "Қолы: ____________        Күні: ____________"),
    ]
    for x, y, text in lines:
        draw.text((x, y), text, fill=40, font=font)
    buffer = io.BytesIO()
    page.save(buffer, format="PDF", resolution=100)
    return buffer.getvalue()
