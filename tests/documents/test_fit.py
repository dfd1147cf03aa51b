"""#18: every form, in both languages and both sizes, fits its page: no character
outside the page box, no word lost from the text layer, and large print nowhere
under 16 pt (the verification text included). The text is what people type: long
Russian and Kazakh words, an address without spaces."""

import datetime
import uuid

import pytest
from django.urls import reverse

from routes import services
from students.applications import application_submit
from students.models import AdaptationType, SupportMeasureType

from .pdf_layout import fit_problems, text_without_spaces
from .test_verification import _pdf

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
}


def _words(text: str) -> list[str]:
    return ["".join(word.split()) for word in text.split() if len(word) >= 4]


@pytest.fixture
def documents(case, student, specialist, centre_head, teacher, management, period):
    """One of every form, filled in as people fill them in."""
    management.position = "Оқу ісі жөніндегі проректор"
    management.save(update_fields=["position"])
    application = application_submit(
        actor=student,
        student=case,
        applicant_kind="student",
        data={
            "difficulties": LONG["difficulties"],
            "conditions_requested": LONG["conditions_requested"],
            "preferred_contact": "email",
            "contact_detail": "",
            "document_language": "ru",
        },
        files=[],
        token=uuid.uuid4(),
        consent_given=True,
    )
    adaptation = AdaptationType.objects.first() or AdaptationType.objects.create(
        code="extra-time", name_kk="Қосымша уақыт", name_ru="Дополнительное время"
    )
    conclusion = services.conclusion_save(
        student=case,
        actor=specialist,
        analysis=LONG["analysis"],
        adaptations=[(adaptation, "50% дополнительного времени на экзаменах")],
    )
    conclusion = services.conclusion_issue(conclusion=conclusion, actor=centre_head)
    route = services.route_create(student=case, period=period, actor=specialist)
    route = services.route_update(
        route=route,
        actor=specialist,
        lock_version=route.lock_version,
        data={k: LONG[k] for k in ("special_conditions", "individual_schedule", "special_methods")},
    )
    section = route.sections.get()
    services.section_update(
        section=section,
        actor=specialist,
        lock_version=route.lock_version,
        data={
            "content_adaptations": LONG["content_adaptations"],
            "method_adaptations": LONG["method_adaptations"],
            "assessment_form": LONG["assessment_form"],
            "extra_time_percent": 50,
            "separate_room": True,
            "oral_instead_of_written": True,
            "interpreter": True,
            "assistive_technology": LONG["assistive_technology"],
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
            "description": "еженедельные встречи с тьютором",
            "provider": "педагог-психолог",
            "frequency": "раз в неделю",
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
            "place": "ауд. 214",
            "chair": centre_head,
            "secretary": specialist,
            "agenda": LONG["agenda"],
            "discussion": "",
            "decisions": LONG["decisions"],
        },
        attendees=[("teacher", teacher, ""), ("external", None, "Иванова Мария Петровна")],
        measures=[],
    )
    protocol = services.protocol_sign(protocol=protocol, actor=centre_head)
    letter = route.sections.get().letter
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
        "case file": (reverse("routes:case-file-pdf", args=[case.pk]), ["analysis"]),
    }


def test_every_form_fits_in_both_languages_and_sizes(client, specialist, documents):
    client.force_login(specialist)
    failures = []
    for kind, (url, fields) in documents.items():
        for language in ("kk", "ru"):
            for variant in ("standard", "large"):
                response = client.get(url, {"language": language, "variant": variant})
                assert response.status_code == 200, (kind, language, variant)
                data = _pdf(response)
                where = f"{kind} {language} {variant}"
                minimum = 16 if variant == "large" else 8
                failures += [f"{where}: {p}" for p in fit_problems(data, min_size=minimum)]
                text = text_without_spaces(data)
                lost = [w for f in fields for w in _words(LONG[f]) if w not in text]
                if lost:
                    failures.append(f"{where}: words lost from the text layer: {lost[:8]}")
    assert failures == [], "\n" + "\n".join(failures)
