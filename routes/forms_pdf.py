"""Official forms of conclusions, protocols, routes and teacher letters: the context
each template needs, in one place for the download views and the case file."""

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import capfirst

from documents.rendering import Form
from documents.texts import Text
from students.forms_pdf import centre_head

from .models import CourseAgreement, Route

ROUTE_TEXTS = ["special_conditions", "individual_schedule", "special_methods"]
SECTION_TEXTS = ["content_adaptations", "method_adaptations", "assessment_form"]
SECTION_TEXTS += ["assistive_technology"]
MEASURE_TEXTS = ["description", "provider", "frequency"]
PROTOCOL_TEXTS = ["place", "agenda", "discussion", "decisions"]


def texts_of(obj, fields, prefix="") -> list[Text]:
    """The typed texts of one row, labelled for people ("PSY3105: Content")."""
    return [
        Text(f"{prefix}{capfirst(obj._meta.get_field(f).verbose_name)}", obj, f) for f in fields
    ]


def _route_sections(route):
    return list(
        route.sections.select_related("course", "teacher").prefetch_related(
            "adaptation_types",
            Prefetch(
                "agreements",
                queryset=CourseAgreement.objects.filter(round=route.agreement_round),
                to_attr="current_agreements",
            ),
        )
    )


def route_form(route) -> Form:
    full = Route.objects.select_related(
        "approved_by",
        "register_entry",
        "conclusion__register_entry",
        "supersedes__register_entry",
        "period__academic_year",
        "student__study_group__programme",
    ).get(pk=route.pk)
    sections = _route_sections(full)
    measures = list(full.support_measures.select_related("measure_type"))
    texts = texts_of(full, ROUTE_TEXTS)
    for section in sections:
        texts += texts_of(section, SECTION_TEXTS, f"{section.course.code}: ")
    for measure in measures:
        texts += texts_of(measure, MEASURE_TEXTS, f"{measure.measure_type.name}: ")
    return Form(
        "route",
        full.register_entry,
        {"route": full, "sections": sections, "measures": measures},
        texts=texts,
        text_language=full.text_language,
        pk=full.pk,
        app="routes",
    )


def conclusion_form(conclusion) -> Form:
    adaptations = list(conclusion.adaptations.select_related("adaptation_type"))
    texts = texts_of(conclusion, ["analysis"])
    for item in adaptations:
        texts += texts_of(item, ["detail"], f"{item.adaptation_type.name}: ")
    # What it rests on: the student's application and the assessments before it.
    issued = conclusion.issued_at or timezone.now()
    application = (
        conclusion.student.applications.filter(
            register_entry__isnull=False, register_entry__registered_at__lte=issued
        )
        .select_related("register_entry")
        .order_by("-register_entry__registered_at")
        .first()
    )
    assessments = list(
        # The Institute's day (TIME_ZONE), not the UTC date the database's time has.
        conclusion.student.assessments.filter(date__lte=timezone.localdate(issued))
        .select_related("specialist")
        .order_by("date", "pk")
    )
    return Form(
        "conclusion",
        conclusion.register_entry,
        {
            "conclusion": conclusion,
            "adaptations": adaptations,
            "application": application,
            "assessments": assessments,
        },
        texts=texts,
        text_language=conclusion.text_language,
        pk=conclusion.pk,
        app="routes",
    )


def protocol_form(protocol) -> Form:
    return Form(
        "protocol",
        protocol.register_entry,
        {
            "protocol": protocol,
            "attendees": list(protocol.attendees.select_related("user")),
            "measures": list(protocol.approved_measures.all()),
        },
        texts=texts_of(protocol, PROTOCOL_TEXTS),
        text_language=protocol.text_language,
        pk=protocol.pk,
        app="routes",
    )


def letter_form(letter) -> Form:
    route = letter.section.route
    head = centre_head()
    section = letter.section
    return Form(
        "letter",
        letter.register_entry,
        texts=texts_of(section, SECTION_TEXTS, f"{section.course.code}: "),
        text_language=route.text_language,
        pk=route.pk,
        texts_kind="route",
        context={
            "letter": letter,
            "section": letter.section,
            "route": route,
            "route_entry": route.register_entry,
            # The person, not a name: the template spells it in the form's language.
            "head": head,
        },
        app="routes",
    )
