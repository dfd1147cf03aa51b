"""A lived-in demo institute. Safe to run again: every row is found by its natural key
(username, code, IIN) and updated rather than duplicated.

The accounts and names are a contract that acceptance checks and the README rely on.
"""

import base64
import datetime
import uuid

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from eagi_inclusion.roles import STAFF_ROLES, Role
from students.models import (
    AcademicPeriod,
    AcademicYear,
    Course,
    CourseAssignment,
    Faculty,
    HealthProfile,
    LegalRepresentative,
    NeedCategory,
    Programme,
    Student,
    StudyGroup,
    User,
)
from students.services import case_assign
from students.validators import iin_check_digit

DEMO_PASSWORD = "eagi-demo-2026"
# Every staff account's authenticator key (base32, as the README lists it), so the
# demo's second sign-in step can be passed with any TOTP app or `oathtool`.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXP"

# username: (role, last name, first name, patronymic, Russian spelling, position)
ACCOUNTS = {
    "admin": (
        Role.ADMINISTRATOR,
        "Жақсыбеков",
        "Тимур",
        "Ғаниұлы",
        "Жаксыбеков Тимур Ганиевич",
        "Жүйе әкімшісі",
    ),
    "centre_head": (
        Role.CENTRE_HEAD,
        "Бекова",
        "Гүлнар",
        "Маратқызы",
        "Бекова Гульнар Маратовна",
        "ИББҚО басшысы",
    ),
    "specialist": (
        Role.SPECIALIST,
        "Жұмабаева",
        "Айгерім",
        "Болатқызы",
        "Жумабаева Айгерим Болатовна",
        "Педагог-психолог",
    ),
    "specialist2": (
        Role.SPECIALIST,
        "Сәрсенов",
        "Ерлан",
        "Қайратұлы",
        "Сарсенов Ерлан Кайратович",
        "Әлеуметтік педагог",
    ),
    "teacher": (
        Role.TEACHER,
        "Ахметов",
        "Марат",
        "Ерланұлы",
        "Ахметов Марат Ерланович",
        "Аға оқытушы",
    ),
    "teacher2": (
        Role.TEACHER,
        "Омарова",
        "Сәуле",
        "Нұрланқызы",
        "Омарова Сауле Нурлановна",
        "Оқытушы",
    ),
    "management": (
        Role.MANAGEMENT,
        "Исаев",
        "Қанат",
        "Бауыржанұлы",
        "Исаев Канат Бауыржанович",
        "Оқу ісі жөніндегі проректор",
    ),
    "registry": (
        Role.REGISTRY,
        "Әбенова",
        "Динара",
        "Серікқызы",
        "Абенова Динара Сериковна",
        "Канцелярия маманы",
    ),
    "student": (Role.STUDENT, "Нұрланова", "Әлия", "Серікқызы", "Нурланова Алия Сериковна", ""),
    "student2": (Role.STUDENT, "Төлеген", "Данияр", "Асқарұлы", "Толеген Даняр Аскарович", ""),
    "parent": (Role.REPRESENTATIVE, "Нұрланов", "Серік", "Жанұлы", "Нурланов Серик Жанович", ""),
}

FACULTIES = [
    ("PED", "Педагогика факультеті", "Педагогический факультет", "Faculty of Education"),
    ("HUM", "Гуманитарлық факультет", "Гуманитарный факультет", "Faculty of Humanities"),
    (
        "LAW",
        "Заң және экономика факультеті",
        "Факультет права и экономики",
        "Faculty of Law and Economics",
    ),
]

PROGRAMMES = [
    (
        "6B01101",
        "PED",
        "Педагогика және психология",
        "Педагогика и психология",
        "Pedagogy and Psychology",
    ),
    ("6B01901", "PED", "Арнайы педагогика", "Специальная педагогика", "Special Education"),
    ("6B02301", "HUM", "Филология: қазақ тілі", "Филология: казахский язык", "Kazakh Philology"),
    ("6B03101", "HUM", "Психология", "Психология", "Psychology"),
    ("6B04201", "LAW", "Құқықтану", "Юриспруденция", "Law"),
]

# code, programme, admission year, language of study
GROUPS = [
    ("ПП-23-1", "6B01101", 2023, "kk"),
    ("ПП-23-2р", "6B01101", 2023, "ru"),
    ("АП-24-1", "6B01901", 2024, "kk"),
    ("ФИЛ-25-1", "6B02301", 2025, "kk"),
    ("ПС-24-1р", "6B03101", 2024, "ru"),
    ("ЮР-22-1", "6B04201", 2022, "kk"),
]

COURSES = [
    (
        "PED3201",
        "Инклюзивті білім беру негіздері",
        "Основы инклюзивного образования",
        "Foundations of Inclusive Education",
    ),
    ("PSY3105", "Жас ерекшелік психологиясы", "Возрастная психология", "Developmental Psychology"),
    (
        "PED3307",
        "Педагогикалық диагностика",
        "Педагогическая диагностика",
        "Educational Assessment",
    ),
    ("LAN1102", "Шетел тілі", "Иностранный язык", "Foreign Language"),
    (
        "HIS1101",
        "Қазақстанның қазіргі заман тарихы",
        "Современная история Казахстана",
        "Modern History of Kazakhstan",
    ),
    ("SPE2204", "Сурдопедагогика", "Сурдопедагогика", "Education of the Deaf"),
    ("LAW2301", "Азаматтық құқық", "Гражданское право", "Civil Law"),
    ("PSY2210", "Әлеуметтік психология", "Социальная психология", "Social Psychology"),
]

# teacher, course, group — in the current semester
TEACHING = [
    ("teacher", "PED3201", "ПП-23-1"),
    ("teacher", "PED3201", "ПП-23-2р"),
    ("teacher", "PSY2210", "ПС-24-1р"),
    ("teacher2", "LAW2301", "ЮР-22-1"),
    ("teacher2", "HIS1101", "ФИЛ-25-1"),
    ("specialist", "PSY3105", "ПП-23-1"),
    ("teacher2", "SPE2204", "АП-24-1"),
]


def make_iin(date_of_birth: datetime.date, female: bool, serial: int) -> str:
    century_digit = {18: 1, 19: 3, 20: 5}[date_of_birth.year // 100] + (1 if female else 0)
    while True:
        first = f"{date_of_birth:%y%m%d}{century_digit}{serial:04d}"
        check = iin_check_digit(first)
        if check is not None:
            return f"{first}{check}"
        serial += 1


# username or None, last, first, patronymic, Russian, female, born, group, year,
# (need categories, disability group, notes), specialist to assign
STUDENTS = [
    (
        "student",
        "Нұрланова",
        "Әлия",
        "Серікқызы",
        "Нурланова Алия Сериковна",
        True,
        datetime.date(2005, 3, 14),
        "ПП-23-1",
        3,
        (
            ["visual"],
            "2",
            "Туа біткен көру қабілетінің төмендеуі (DX-7731). Экраннан оқу "
            "бағдарламасын пайдаланады; үлкен қаріпті материалдар қажет.",
        ),
        "specialist",
    ),
    (
        "student2",
        "Төлеген",
        "Данияр",
        "Асқарұлы",
        "Толеген Даняр Аскарович",
        False,
        datetime.date(2004, 11, 2),
        "ЮР-22-1",
        4,
        (["musculoskeletal"], "3", "Арбамен қозғалады; бірінші қабаттағы аудитория қажет."),
        "specialist2",
    ),
    (
        None,
        "Сейітқали",
        "Аружан",
        "Ерболқызы",
        "Сейиткали Аружан Ерболовна",
        True,
        datetime.date(2006, 7, 21),
        "АП-24-1",
        2,
        (["hearing"], "3", "Есту аппаратын пайдаланады; ымдау тілі аудармашысы қажет."),
        "specialist",
    ),
    (
        None,
        "Мұхамеджанов",
        "Ілияс",
        "Серікұлы",
        "Мухамеджанов Ильяс Серикович",
        False,
        datetime.date(2007, 1, 9),
        "ФИЛ-25-1",
        1,
        (["learning"], "", "Дислексия белгілері; жазбаша тапсырмаларға қосымша уақыт."),
        None,
    ),
    (
        None,
        "Ким",
        "Виктория",
        "Андреевна",
        "Ким Виктория Андреевна",
        True,
        datetime.date(2005, 9, 30),
        "ПС-24-1р",
        2,
        (["psychological"], "", "Мазасыздық жағдайлары; жеке аудиторияда емтихан."),
        "specialist2",
    ),
    (
        None,
        "Оспанов",
        "Бекзат",
        "Нұрланұлы",
        "Оспанов Бекзат Нурланович",
        False,
        datetime.date(2005, 5, 5),
        "ПП-23-2р",
        3,
        (["chronic"], "3", "Қант диабеті; сабақ кезінде қосымша үзілістер."),
        None,
    ),
]


class Command(BaseCommand):
    help = "Create (or refresh) the demo institute with the documented demo accounts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (never on a production database).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with a published password; it runs only with "
                "DEBUG on, or with --force on a database that is not production."
            )
        # The demo's own workflow e-mails would only flood the console.
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
            transaction.atomic(),
        ):
            users = self._accounts()
            groups, periods = self._institute(users)
            self._students(users, groups)
            self._applications(users)
            self._routes(users, periods[0])
            self._support(users)
            self._issue_forms(users)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(ACCOUNTS)} accounts (password {DEMO_PASSWORD}), "
                f"{Student.objects.count()} students, {len(periods)} academic periods."
            )
        )

    def _accounts(self) -> dict[str, User]:
        users = {}
        for username, (role, last, first, patronymic, ru, position) in ACCOUNTS.items():
            user, created = User.objects.update_or_create(
                username=username,
                defaults={
                    "last_name": last,
                    "first_name": first,
                    "patronymic": patronymic,
                    "full_name_ru": ru,
                    "position": position,
                    "email": f"{username}@demo.eagi.kz",
                    "is_staff": role == Role.ADMINISTRATOR,
                    "is_active": True,
                },
            )
            if created or not user.check_password(DEMO_PASSWORD):
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            user.groups.set([Group.objects.get(name=role)])
            if role in STAFF_ROLES:
                TOTPDevice.objects.update_or_create(
                    user=user,
                    name="demo",
                    defaults={
                        "key": base64.b32decode(DEMO_TOTP_SECRET).hex(),
                        "confirmed": True,
                    },
                )
            users[username] = user
        return users

    def _institute(self, users):
        faculties = {}
        for code, kk, ru, en in FACULTIES:
            faculties[code], _ = Faculty.objects.update_or_create(
                code=code, defaults={"name_kk": kk, "name_ru": ru, "name_en": en}
            )
        programmes = {}
        for code, faculty, kk, ru, en in PROGRAMMES:
            programmes[code], _ = Programme.objects.update_or_create(
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
            groups[code], _ = StudyGroup.objects.update_or_create(
                code=code,
                defaults={
                    "programme": programmes[programme],
                    "admission_year": year,
                    "language_of_study": language,
                },
            )
        courses = {}
        for code, kk, ru, en in COURSES:
            courses[code], _ = Course.objects.update_or_create(
                code=code, defaults={"name_kk": kk, "name_ru": ru, "name_en": en}
            )
        year, _ = AcademicYear.objects.update_or_create(
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
            period, _ = AcademicPeriod.objects.update_or_create(
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
        return groups, periods

    def _students(self, users, groups):
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
            student, _ = Student.objects.update_or_create(
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
            profile, _ = HealthProfile.objects.update_or_create(
                student=student,
                defaults={
                    "disability_group": disability_group,
                    "disability_valid_until": datetime.date(2027, 3, 1)
                    if disability_group
                    else None,
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
                LegalRepresentative.objects.update_or_create(
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

    def _applications(self, users):
        """Applications in several states; fixed tokens make a second run find them."""
        from students.applications import application_submit, application_withdraw

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
        if withdrawn.status != "withdrawn":
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

    def _paper_application(self, users):
        """A paper application brought to the registry, with a (blank) scan."""
        import io

        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.utils import timezone
        from PIL import Image

        from students.applications import application_submit
        from students.uploads import check_uploads

        buffer = io.BytesIO()
        Image.new("L", (620, 877), color=255).save(buffer, format="PNG")
        scan = SimpleUploadedFile("scan-aruzhan.png", buffer.getvalue(), "image/png")
        student = Student.objects.get(last_name="Сейітқали")
        application_submit(
            actor=users["registry"],
            student=student,
            applicant_kind="student",
            data={
                "difficulties": "Дәрістерді естімеймін; ымдау тілі аудармашысы керек.",
                "conditions_requested": "Ымдау тілі аудармашысы, жазбаша материалдар.",
                "preferred_contact": "in_person",
                "contact_detail": "",
                "document_language": "kk",
                "delivered_by": "Сейітқали Аружан (өзі)",
                "received_at": timezone.now() - datetime.timedelta(days=3),
            },
            files=[("scan", checked) for checked in check_uploads([scan])],
            token=uuid.uuid5(uuid.NAMESPACE_URL, "eagi-demo/aruzhan-paper"),
            consent_given=True,
            channel="paper",
        )

    def _routes(self, users, period):
        """Әлия: assessments, an issued conclusion, a signed protocol and an approved
        route in force; Данияр: a route waiting for the teachers' agreement. Skipped
        once a student already has a route for the period (idempotent)."""
        from routes import services as route_services
        from routes.models import Route
        from students.models import AdaptationType, SupportMeasureType

        aliya = Student.objects.get(user__username="student")
        if not Route.objects.filter(student=aliya, period=period).exists():
            specialist, head = users["specialist"], users["centre_head"]
            route_services.assessment_create(
                student=aliya,
                actor=specialist,
                data={
                    "date": datetime.date(2026, 9, 8),
                    "method": "Жартылай құрылымдалған сұхбат; оқу жылдамдығын бағалау",
                    "findings": "Ұсақ қаріпті мәтінді оқу жылдамдығы төмен (DX-7731).",
                    "recommendations": "Үлкен қаріп (18 pt), экранды оқу бағдарламасы.",
                },
            )
            route_services.assessment_create(
                student=aliya,
                actor=specialist,
                data={
                    "date": datetime.date(2026, 9, 10),
                    "method": "Оқу орнын бақылау",
                    "findings": "Тақтадан көшіру қиын; алдыңғы қатарда отыру қажет.",
                    "recommendations": "Слайдтарды алдын ала электронды түрде беру.",
                },
            )
            kinds = {k.code: k for k in AdaptationType.objects.all()}
            conclusion = route_services.conclusion_save(
                student=aliya,
                actor=specialist,
                analysis=(
                    "Білім алушының көру қабілетіне байланысты баспа материалдарын оқуы "
                    "қиындайды. Материалдарды балама форматта беру және бақылау кезінде "
                    "қосымша уақыт қажет."
                ),
                adaptations=[
                    (kinds["alternative-formats"], "Үлкен қаріп 18 pt, электронды нұсқа"),
                    (kinds["extra-time"], "Емтиханда +25%"),
                ],
            )
            conclusion = route_services.conclusion_issue(conclusion=conclusion, actor=head)
            route = route_services.route_create(
                student=aliya, period=period, actor=specialist, conclusion=conclusion
            )
            route = route_services.route_update(
                route=route,
                actor=specialist,
                lock_version=route.lock_version,
                data={
                    "special_conditions": "Алдыңғы қатардағы орын; жарық жақсы аудитория.",
                    "individual_schedule": "",
                    "special_methods": "Экранды оқу бағдарламасы (NVDA), ұлғайтқыш.",
                    "review_date": datetime.date(2027, 1, 15),
                },
            )
            for section in route.sections.all():
                route_services.section_update(
                    section=section,
                    actor=specialist,
                    lock_version=Route.objects.get(pk=route.pk).lock_version,
                    data={
                        "content_adaptations": "Барлық материалдар 18 pt қаріппен және "
                        "электронды түрде сабаққа дейін.",
                        "method_adaptations": "Слайдтар алдын ала жіберіледі.",
                        "assessment_form": "Жазбаша емтихан электронды түрде",
                        "extra_time_percent": 25,
                        "separate_room": False,
                        "oral_instead_of_written": False,
                        "interpreter": False,
                        "assistive_technology": "Экранды оқу бағдарламасы бар компьютер",
                    },
                    adaptation_types=[kinds["alternative-formats"], kinds["extra-time"]],
                )
            route_services.support_measure_add(
                route=route,
                actor=specialist,
                lock_version=Route.objects.get(pk=route.pk).lock_version,
                data={
                    "measure_type": SupportMeasureType.objects.get(code="psychological"),
                    "description": "Бейімделу бойынша кеңес",
                    "provider": specialist.get_full_name(),
                    "frequency": "Айына екі рет",
                    "sessions_planned": 8,
                },
            )
            protocol = route_services.protocol_create(
                student=aliya,
                actor=specialist,
                data={
                    "date": datetime.date(2026, 9, 15),
                    "place": "ИББҚО, 214 кабинет",
                    "chair": head,
                    "secretary": specialist,
                    "agenda": "Нұрланова Ә.С. жеке білім беру маршрутын талқылау",
                    "discussion": "Оқытушылармен бейімдеулер талқыланды.",
                    "decisions": "Маршрут жобасы келісуге жіберілсін.",
                },
                attendees=[
                    ("centre", head, ""),
                    ("centre", specialist, ""),
                    ("teacher", users["teacher"], ""),
                    ("student", users["student"], ""),
                    ("representative", users["parent"], ""),
                ],
                measures=SupportMeasureType.objects.filter(code__in=["psychological", "tutor"]),
                route=route,
            )
            route_services.protocol_sign(protocol=protocol, actor=head)
            route_services.route_send_for_agreement(route=route, actor=specialist)
            for section in route.sections.select_related("teacher"):
                route_services.section_agree(section=section, actor=section.teacher)
            route_services.route_approve(route=route, actor=users["management"])

        daniyar = Student.objects.get(user__username="student2")
        if not Route.objects.filter(student=daniyar, period=period).exists():
            route = route_services.route_create(
                student=daniyar, period=period, actor=users["specialist2"]
            )
            route_services.route_update(
                route=route,
                actor=users["specialist2"],
                lock_version=route.lock_version,
                data={
                    "special_conditions": "Барлық сабақтар бірінші қабаттағы аудиторияларда.",
                    "individual_schedule": "",
                    "special_methods": "",
                    "review_date": datetime.date(2027, 1, 15),
                },
            )
            route_services.route_send_for_agreement(route=route, actor=users["specialist2"])

    def _support(self, users):
        """One record of each kind of the centre's support work, around Әлия's route
        in force. Skipped once a session exists (idempotent)."""
        from routes.models import Route, RouteStatus
        from support import services as support
        from support.models import ExternalOrganisation, Seminar, SupportSession

        if SupportSession.objects.exists():
            return
        route = Route.objects.filter(status=RouteStatus.ACTIVE).order_by("pk").first()
        if route is None:
            return
        specialist, head, student = users["specialist"], users["centre_head"], users["student"]
        teacher, record = users["teacher"], route.student
        measure = route.support_measures.first()
        for day, attendance in ((3, "attended"), (17, "attended"), (31, "missed")):
            support.session_record(
                measure=measure,
                actor=specialist,
                data={
                    "date": route.period.starts_on + datetime.timedelta(days=day),
                    "duration_minutes": 45,
                    "attendance": attendance,
                    "notes": "Бейімделу барысы талқыланды." if attendance == "attended" else "",
                },
            )
        section = route.sections.order_by("pk").first()
        support.consultation_record(
            actor=specialist,
            data={
                "teacher": teacher,
                "course": section.course,
                "date": route.period.starts_on + datetime.timedelta(days=10),
                "topic": "Экранды оқу бағдарламасын пайдаланатын студентке материалдар",
                "advice": "Слайдтарды алдын ала PDF/UA түрінде жіберу; суреттерге сипаттама.",
                "follow_up": "Бір айдан кейін тексеру",
            },
        )
        organisation, _ = ExternalOrganisation.objects.get_or_create(
            name="Астана қаласының психологиялық-медициналық-педагогикалық консультациясы",
            defaults={"kind": ExternalOrganisation.Kind.PPMC, "contact": "+7 7172 00 00 00"},
        )
        support.interaction_record(
            actor=specialist,
            data={
                "organisation": organisation,
                "student": None,
                "contact_person": "Әдіскер",
                "date": route.period.starts_on + datetime.timedelta(days=12),
                "purpose": "Көру қабілеті бұзылған студенттерге арналған әдістемелік кеңес",
                "outcome": "Әдістемелік ұсынымдар алынды",
                "documents_exchanged": "",
            },
        )
        request = support.format_request_create(
            actor=student,
            student=record,
            course=section.course,
            title="Инклюзивті педагогика: 1-тарау",
            format="accessible_text",
        )
        from django.core.files.base import ContentFile

        support.format_request_deliver(
            actor=specialist,
            request=request,
            upload=ContentFile(
                "Инклюзивті педагогика. 1-тарау (қолжетімді мәтін)".encode(), name="chapter1.txt"
            ),
        )
        support.barrier_report(
            actor=student,
            data={
                "place": "electronic",
                "location": "Қашықтан оқыту платформасы, тест беті",
                "description": "Экранды оқу бағдарламасы жауап нұсқаларын оқымайды.",
            },
        )
        seminar, created = Seminar.objects.get_or_create(
            topic="Инклюзивті білім беру: бейімделген бағалау",
            defaults={
                "date": route.period.starts_on + datetime.timedelta(days=20),
                "trainer": head.get_full_name(),
                "hours": 4,
            },
        )
        if created:
            seminar.attendees.add(teacher)
        support.check_record(
            actor=section.teacher,
            section=section,
            data={
                "date": route.period.starts_on + datetime.timedelta(days=25),
                "event": "Аралық бақылау",
                "applied": True,
                "note": "",
            },
        )
        support.report_create(
            actor=student,
            section=section,
            data={
                "date": route.period.starts_on + datetime.timedelta(days=26),
                "description": "Дәріс слайдтары алдын ала жіберілмеді.",
            },
        )

    def _issue_forms(self, users):
        """Render Әлия's registered documents once, so her case file holds issued PDFs
        (the same files later downloads return)."""
        from routes.casefile import case_items

        aliya = Student.objects.get(user__username="student")
        for item in case_items(aliya):
            if item.issue is not None:
                item.issue(users["specialist"], aliya.document_language)
