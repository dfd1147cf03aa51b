"""One of every form the centre issues, filled in as people fill them in: long
Kazakh and Russian texts, names and positions in both spellings (the layout tests and
the institution's record tests read them)."""

import datetime

import pytest
from django.urls import reverse

from documents.privacy import disclosure_record
from routes import services
from routes.forms_pdf import conclusion_form, protocol_form, route_form
from students.forms_pdf import application_form, disclosure_form
from students.models import AdaptationType, SupportMeasureType
from tests.helpers import apply_online

from .conftest import write_texts

LONG = {
    "special_conditions": (
        "Предоставление дополнительного времени на выполнение письменных заданий; "
        "звукоусиливающая аппаратура в аудитории; материалы в электронном виде заранее."
    ),
    "individual_schedule": "Консультации по вторникам, 14:00–15:30, кабинет 214.",
    "special_methods": (
        "Программа экранного доступа NVDA, брайлевский дисплей; "
        "https://moodle.eagi.kz/course/view.php?id=123456&section=7 для материалов."
    ),
    "content_adaptations": (
        "Тексты лекций заранее в формате DOCX, описание иллюстраций, "
        "дополнительные примеры по темам 3–5."
    ),
    "method_adaptations": "Индивидуальные консультации, компьютер с синтезатором речи.",
    "assessment_form": "Устный экзамен вместо письменного, с предварительной подготовкой",
    "assistive_technology": "компьютер с программой экранного доступа и брайлевским дисплеем",
    "analysis": (
        "Студентка испытывает трудности при работе с печатными материалами; "
        "психолого-педагогическое сопровождение рекомендуется на весь учебный год."
    ),
    "agenda": "Рассмотрение индивидуального образовательного маршрута и мер поддержки.",
    "decisions": "Рекомендовать маршрут к утверждению; куратору обеспечить сопровождение.",
    "difficulties": "Не вижу мелкий шрифт на доске и в раздаточных материалах.",
    "conditions_requested": "Материалы в электронном виде и дополнительное время на экзаменах.",
    "recipient": "Департамент полиции города Астаны, следственное управление",
    "legal_basis": "Запрос следователя № 12-34/5678 от 01.09.2026 (ст. 122 УПК РК)",
    "what": "Копия заключения центра; сведения о назначенных специальных условиях обучения.",
}


# The same texts as the centre types them first, in the student's language (Kazakh).
LONG_KK = {
    "special_conditions": (
        "Жазбаша тапсырмаларды орындауға қосымша уақыт беру; аудиторияда дыбыс "
        "күшейткіш құрылғы; материалдарды алдын ала электронды түрде жіберу."
    ),
    "individual_schedule": "Кеңестер сейсенбі сайын, 14:00–15:30, 214-кабинет.",
    "special_methods": (
        "NVDA экрандық қолжетімділік бағдарламасы, брайль дисплейі; "
        "https://moodle.eagi.kz/course/view.php?id=123456&section=7 материалдар үшін."
    ),
    "content_adaptations": (
        "Дәріс мәтіндері алдын ала DOCX форматында, суреттердің сипаттамасы, "
        "3–5 тақырыптар бойынша қосымша мысалдар."
    ),
    "method_adaptations": "Жеке кеңестер, сөйлеу синтезаторы бар компьютер.",
    "assessment_form": "Жазбаша емтиханның орнына ауызша емтихан, алдын ала дайындықпен",
    "assistive_technology": "экрандық қолжетімділік бағдарламасы мен брайль дисплейі бар компьютер",
    "analysis": (
        "Білім алушы баспа материалдарымен жұмыс істегенде қиындықтарға тап болады; "
        "психологиялық-педагогикалық сүйемелдеу бүкіл оқу жылына ұсынылады."
    ),
    "agenda": "Жеке білім беру маршрутын және қолдау шараларын қарау.",
    "decisions": "Маршрутты бекітуге ұсыну; кураторға сүйемелдеуді қамтамасыз ету.",
    "difficulties": "Тақтадағы және үлестірме материалдардағы ұсақ қаріпті көрмеймін.",
    "conditions_requested": "Материалдар электронды түрде және емтихандарда қосымша уақыт.",
    "detail": "Емтихандарда 50% қосымша уақыт",
    "description": "тьютормен апта сайынғы кездесулер",
    "provider": "педагог-психолог",
    "frequency": "аптасына бір рет",
    "place": "214-аудитория",
    "recipient": "Астана қаласының Полиция департаменті, тергеу басқармасы",
    "legal_basis": "Тергеушінің 01.09.2026 жылғы № 12-34/5678 сұрауы (ҚР ҚПК 122-бабы)",
    "what": "Орталық қорытындысының көшірмесі; тағайындалған арнайы оқу жағдайлары туралы мәлімет.",
}
LONG.update(
    {
        "detail": "50% дополнительного времени на экзаменах",
        "description": "еженедельные встречи с тьютором",
        "provider": "педагог-психолог",
        "frequency": "раз в неделю",
        "place": "ауд. 214",
    }
)


@pytest.fixture
def documents(case, student, specialist, centre_head, teacher, management, period):
    """One of every form, filled in as people fill them in."""
    # People as the accounts hold them: names and positions in both spellings.
    for person, ru_name, position, position_ru in (
        (management, "Касымов Ерлан Маратович", "Оқу ісі жөніндегі проректор",
         "Проректор по учебной работе"),
        (centre_head, "Бекова Гульнар Маратовна", "ИББҚО басшысы", "Руководитель ЦПИО"),
        (specialist, "Жумабаева Айгерим Болатовна", "Педагог-психолог", "Педагог-психолог"),
        (teacher, "Ахметов Марат Ерланович", "Аға оқытушы", "Старший преподаватель"),
    ):  # fmt: skip
        person.full_name_ru, person.position, person.position_ru = ru_name, position, position_ru
        person.save(update_fields=["full_name_ru", "position", "position_ru"])
    case.full_name_ru = "Сарсенова Жанар Ерлановна"
    case.save(update_fields=["full_name_ru"])
    application = apply_online(
        student, case, texts=(LONG_KK["difficulties"], LONG_KK["conditions_requested"]), scans=0
    )
    adaptation = AdaptationType.objects.first() or AdaptationType.objects.create(
        code="extra-time", name_kk="Қосымша уақыт", name_ru="Дополнительное время"
    )
    conclusion = services.conclusion_save(
        student=case,
        actor=specialist,
        analysis=LONG_KK["analysis"],
        adaptations=[(adaptation, LONG_KK["detail"])],
    )
    conclusion = services.conclusion_issue(conclusion=conclusion, actor=centre_head)
    route = services.route_create(student=case, period=period, actor=specialist)
    route = services.route_update(
        route=route,
        actor=specialist,
        lock_version=route.lock_version,
        data={
            k: LONG_KK[k] for k in ("special_conditions", "individual_schedule", "special_methods")
        },
    )
    section = route.sections.get()
    services.section_update(
        section=section,
        actor=specialist,
        lock_version=route.lock_version,
        data={
            "content_adaptations": LONG_KK["content_adaptations"],
            "method_adaptations": LONG_KK["method_adaptations"],
            "assessment_form": LONG_KK["assessment_form"],
            "extra_time_percent": 50,
            "separate_room": True,
            "oral_instead_of_written": True,
            "interpreter": True,
            "assistive_technology": LONG_KK["assistive_technology"],
        },
        adaptation_types=[adaptation],
    )
    route.refresh_from_db()
    measure_type = SupportMeasureType.objects.first() or SupportMeasureType.objects.create(
        code="tutor", name_kk="Тьютор", name_ru="Тьютор"
    )
    services.support_measure_add(
        route=route,
        actor=specialist,
        lock_version=route.lock_version,
        data={
            "measure_type": measure_type,
            "description": LONG_KK["description"],
            "provider": LONG_KK["provider"],
            "frequency": LONG_KK["frequency"],
        },
    )
    services.route_send_for_agreement(route=route, actor=specialist)
    services.section_agree(section=section, actor=teacher)
    services.route_approve(route=route, actor=management)
    protocol = services.protocol_create(
        student=case,
        actor=specialist,
        data={
            "date": datetime.date(2026, 9, 1),
            "place": LONG_KK["place"],
            "chair": centre_head,
            "secretary": specialist,
            "agenda": LONG_KK["agenda"],
            "discussion": "",
            "decisions": LONG_KK["decisions"],
        },
        attendees=[("teacher", teacher, ""), ("external", None, "Иванова Мария Петровна")],
        measures=[],
    )
    protocol = services.protocol_sign(protocol=protocol, actor=centre_head)
    letter = route.sections.get().letter
    disclosure = disclosure_record(
        student=case,
        actor=centre_head,
        data={
            "recipient": LONG_KK["recipient"],
            "legal_basis": LONG_KK["legal_basis"],
            "what": LONG_KK["what"],
            "disclosed_on": datetime.date(2026, 9, 3),
        },
    )
    russian = dict(LONG)
    for form in (
        application_form(application),
        conclusion_form(conclusion),
        route_form(route),
        protocol_form(protocol),
        disclosure_form(disclosure),
    ):
        write_texts(form, "ru", russian)
    return {
        "application": (
            reverse("students:application-pdf", args=[application.pk]),
            ["difficulties", "conditions_requested"],
        ),
        "conclusion": (reverse("routes:conclusion-pdf", args=[conclusion.pk]), ["analysis"]),
        "protocol": (reverse("routes:protocol-pdf", args=[protocol.pk]), ["agenda", "decisions"]),
        "route": (
            reverse("routes:route-pdf", args=[route.pk]),
            [
                "special_conditions",
                "individual_schedule",
                "special_methods",
                "content_adaptations",
                "method_adaptations",
                "assessment_form",
                "assistive_technology",
            ],
        ),
        "letter": (
            reverse("routes:letter-pdf", args=[letter.pk]),
            ["content_adaptations", "method_adaptations", "assessment_form"],
        ),
        "disclosure": (
            reverse("students:disclosure-pdf", args=[disclosure.pk]),
            ["recipient", "legal_basis", "what"],
        ),
        "case file": (case, ["analysis"]),
    }
