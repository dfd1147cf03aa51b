"""The demo institute's data: the accounts (a contract that acceptance checks and the
README rely on), the catalogue and the students."""

import datetime

from eagi_inclusion.roles import Role
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
