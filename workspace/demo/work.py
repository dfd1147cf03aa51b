"""The demo's casework: assessments, conclusions, protocols and routes, the centre's
support work, and the official forms issued for them."""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction

from documents.models import Disclosure
from documents.privacy import disclosure_record
from documents.texts import save_translations
from routes import services as route_services
from routes.casefile import case_items
from routes.models import Route, RouteStatus
from students.models import AdaptationType, Student, SupportMeasureType, Unit
from support import aids as support_aids
from support import awareness as support_awareness
from support import complaints as support_complaints
from support import events as support_events
from support import services as support_services
from support import units as support_units
from support.models import (
    Complaint,
    EventRequest,
    ExternalOrganisation,
    Seminar,
    SupportSession,
    TechnicalAid,
)

from .data import RUSSIAN_TEXTS


def routes(users, period):
    """Әлия: assessments, an issued conclusion, a signed protocol and an approved
    route in force; Данияр: a route waiting for the teachers' agreement. Skipped
    once a student already has a route for the period (idempotent)."""

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
        # Әлия reads the draft and asks for one thing before the teachers see it; she
        # acknowledges the approved route in the app (§4.4).
        route_services.route_share(route=route, actor=specialist)
        route_services.route_comment(
            route=route,
            actor=users["student"],
            text="Слайдтарды сабаққа бір күн бұрын алуға бола ма? Экранды оқу бағдарламасымен "
            "дайындалуға уақыт керек.",
        )
        route_services.route_send_for_agreement(route=route, actor=specialist)
        for section in route.sections.select_related("teacher"):
            route_services.section_agree(section=section, actor=section.teacher)
        route_services.route_approve(route=route, actor=users["management"])
        route_services.route_acknowledge(route=route, actor=users["student"])

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
        # The head's queue: a draft conclusion sent to be issued (the head's home page
        # lists it with the application's deadline).
        kinds = {kind.code: kind for kind in AdaptationType.objects.all()}
        conclusion = route_services.conclusion_save(
            student=daniyar,
            actor=users["specialist2"],
            analysis="Қозғалыс бұзылысы: арбамен жүреді; жоғарғы қабаттарға жету мүмкін емес.",
            adaptations=[
                (kinds["extra-time"], "Емтиханда қосымша үзіліс, +15%"),
            ],
        )
        route_services.conclusion_submit(conclusion=conclusion, actor=users["specialist2"])


def support(users):
    """One record of each kind of the centre's support work, around Әлия's route
    in force. Skipped once a session exists (idempotent)."""

    if SupportSession.objects.exists():
        return
    route = Route.objects.filter(status=RouteStatus.ACTIVE).order_by("pk").first()
    if route is None:
        return
    specialist, head, student = users["specialist"], users["centre_head"], users["student"]
    teacher, record = users["teacher"], route.student
    measure = route.support_measures.first()
    for day, attendance in ((3, "attended"), (17, "attended"), (31, "missed")):
        support_services.session_record(
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
    support_services.consultation_record(
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
    support_services.interaction_record(
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
    request = support_services.format_request_create(
        actor=student,
        student=record,
        course=section.course,
        title="Инклюзивті педагогика: 1-тарау",
        format="accessible_text",
    )

    support_services.format_request_deliver(
        actor=specialist,
        request=request,
        upload=ContentFile(
            "Инклюзивті педагогика. 1-тарау (қолжетімді мәтін)".encode(), name="chapter1.txt"
        ),
    )
    support_services.barrier_report(
        actor=student,
        data={
            "place": "electronic",
            "location": "Қашықтан оқыту платформасы, тест беті",
            "description": "Экранды оқу бағдарламасы жауап нұсқаларын оқымайды.",
        },
    )
    support_awareness.awareness_event_record(
        actor=head,
        data={
            "date": route.period.starts_on + datetime.timedelta(days=40),
            "title": "Инклюзия апталығы: «Бәріміз бірдейміз»",
            "kind": "campaign",
            "audience": "all",
            "place": "Институттың мәжіліс залы",
            "organiser": "ИББҚО және студенттер кеңесі",
            "staff": [teacher, specialist, head],
            "study_groups": [record.study_group],
            "students_count": 46,
            "others_count": 3,
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
    support_services.check_record(
        actor=section.teacher,
        section=section,
        data={
            "date": route.period.starts_on + datetime.timedelta(days=25),
            "event": "Аралық бақылау",
            "applied": True,
            "note": "",
        },
    )
    support_services.report_create(
        actor=student,
        section=section,
        data={
            "date": route.period.starts_on + datetime.timedelta(days=26),
            "description": "Дәріс слайдтары алдын ала жіберілмеді.",
        },
    )


def aids(users):
    """Әлия's technical aids: a laptop with a screen reader (due back in five days: the
    daily job reminds her), a video magnifier ten days overdue (the head is told), and a
    licence returned. Skipped once any loan exists (idempotent)."""
    if TechnicalAid.objects.exists():
        return
    route = Route.objects.filter(status=RouteStatus.ACTIVE).order_by("pk").first()
    if route is None:
        return
    today = datetime.date.today()
    specialist, record = users["specialist"], route.student
    loans = [
        ("computer", "Ноутбук, NVDA экран оқу бағдарламасымен", "НБ-204817", 60, 5),
        ("vision", "Жұмыс үстеліне арналған бейнеұлғайтқыш", "БҰ-20931", 200, -10),
        ("software", "JAWS экран оқу бағдарламасы, 1 жылдық лицензия", "JAWS-2026-0117", 300, -30),
    ]
    for kind, item, identifier, lent_ago, due_in in loans:
        aid = support_aids.aid_lend(
            actor=specialist,
            student=record,
            data={
                "kind": kind,
                "item": item,
                "identifier": identifier,
                "issued_on": today - datetime.timedelta(days=lent_ago),
                "due_back": today + datetime.timedelta(days=due_in),
                "condition_out": "good",
                "note": "",
            },
        )
        if kind == "software":
            support_aids.aid_return(
                actor=specialist,
                aid=aid,
                returned_on=today - datetime.timedelta(days=31),
                condition_back="good",
            )


def event_requests(users):
    """Әлия asks for accommodations at the graduation evening; the centre has given the
    events office the task (the `events` account closes it). Skipped once any request
    exists (idempotent)."""
    if EventRequest.objects.exists():
        return
    record = Student.objects.filter(user=users["student"]).first()
    if record is None:
        return
    request = support_events.event_request_create(
        actor=users["student"],
        student=record,
        data={
            "kind": "graduation",
            "event": "Түлектер кеші",
            "date": datetime.date.today() + datetime.timedelta(days=25),
            "place": "Институттың мәжіліс залы",
            "needs": "Алдыңғы қатардан орын; бағдарламаның үлкен қаріппен басылған нұсқасы.",
        },
    )
    support_units.unit_task_assign(
        actor=users["specialist"],
        unit=Unit.objects.get(code="events"),
        kind="event",
        subject=request,
        what="Алдыңғы қатардан бір орын қалдыру; бағдарламаны үлкен қаріппен (16 пт) басып шығару.",
        due=datetime.date.today() + datetime.timedelta(days=18),
    )


def complaints(users):
    """Данияр reports a fellow student's mockery in confidence; the head has taken it up
    with a first step of her own. Skipped once any report exists (idempotent)."""
    if Complaint.objects.exists():
        return
    record = Student.objects.filter(user=users["student2"]).first()
    if record is None:
        return
    report = support_complaints.complaint_create(
        actor=users["student2"],
        student=record,
        data={
            "kind": "disrespect",
            "about": "Топтас студент (аты-жөнін білмеймін)",
            "happened_on": datetime.date.today() - datetime.timedelta(days=3),
            "place": "Кітапхананың оқу залы",
            "description": "Кітапханада экранды оқу бағдарламасымен жұмыс істеп отырғанда топтас "
            "студент дауысын мазақтап, бағдарламаны өшіріп тастады.",
            "wish": "Мұндай жағдай қайталанбасын.",
        },
    )
    support_complaints.complaint_step(
        actor=users["centre_head"],
        complaint=report,
        text="Кітапхана қызметкерімен сөйлестім; сол күнгі кезекшіден түсініктеме сұрадым.",
        shared=False,
    )


def disclosures(users):
    """The head disclosed Әлия's conclusion to the city's education department at its
    request; the record is on its official form. Skipped once any exists (idempotent)."""
    if Disclosure.objects.exists():
        return
    record = Student.objects.filter(user=users["student"]).first()
    if record is None:
        return
    with transaction.atomic():
        disclosure_record(
            student=record,
            actor=users["centre_head"],
            data={
                "recipient": "Астана қаласының Білім басқармасы",
                "legal_basis": "Басқарманың 2026 жылғы 14 қазандағы № 05-12/3391 сұрауы",
                "what": "Орталық қорытындысының көшірмесі (денсаулық туралы мәліметсіз)",
                "disclosed_on": datetime.date.today() - datetime.timedelta(days=12),
            },
        )


def issue_forms(users):
    """Render Әлия's registered documents once, so her case file holds issued PDFs
    (the same files later downloads return)."""

    aliya = Student.objects.get(user__username="student")
    for item in case_items(aliya):
        if item.form is not None and item.kind != "letter":  # a letter's are its route's
            form = item.form()
            issued = form.entry.files.filter(language="ru").exists()
            values = {
                t.key(): RUSSIAN_TEXTS[t.original]
                for t in form.texts
                if t.original in RUSSIAN_TEXTS
            }
            if values and not issued:
                save_translations(form, "ru", values, issued=False)
    for item in case_items(aliya):
        if item.issue is not None:
            item.issue(users["specialist"], aliya.document_language)
