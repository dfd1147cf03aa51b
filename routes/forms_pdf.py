"""Official forms of conclusions, protocols, routes and teacher letters: the context
each template needs, in one place for the download views and the case file."""

from django.contrib.auth import get_user_model
from django.db.models import Prefetch

from documents.rendering import issued_pdf
from eagi_inclusion.roles import Role

from .models import CourseAgreement, Route


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


def issue_route_pdf(*, route, actor, language, variant="standard"):
    full = Route.objects.select_related(
        "approved_by",
        "register_entry",
        "conclusion__register_entry",
        "period__academic_year",
        "student__study_group__programme",
    ).get(pk=route.pk)
    return issued_pdf(
        entry=full.register_entry,
        template="documents/pdf/route.html",
        context={
            "entry": full.register_entry,
            "route": full,
            "sections": _route_sections(full),
            "measures": list(full.support_measures.select_related("measure_type")),
        },
        language=language,
        variant=variant,
        actor=actor,
    )


def issue_conclusion_pdf(*, conclusion, actor, language, variant="standard"):
    return issued_pdf(
        entry=conclusion.register_entry,
        template="documents/pdf/conclusion.html",
        context={
            "entry": conclusion.register_entry,
            "conclusion": conclusion,
            "adaptations": list(conclusion.adaptations.select_related("adaptation_type")),
        },
        language=language,
        variant=variant,
        actor=actor,
    )


def issue_protocol_pdf(*, protocol, actor, language, variant="standard"):
    return issued_pdf(
        entry=protocol.register_entry,
        template="documents/pdf/protocol.html",
        context={
            "entry": protocol.register_entry,
            "protocol": protocol,
            "attendees": list(protocol.attendees.select_related("user")),
            "measures": list(protocol.approved_measures.all()),
        },
        language=language,
        variant=variant,
        actor=actor,
    )


def issue_letter_pdf(*, letter, actor, language, variant="standard"):
    route = letter.section.route
    head = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.CENTRE_HEAD)
        .order_by("pk")
        .first()
    )
    return issued_pdf(
        entry=letter.register_entry,
        template="documents/pdf/letter.html",
        context={
            "entry": letter.register_entry,
            "letter": letter,
            "section": letter.section,
            "route": route,
            "route_entry": route.register_entry,
            "head_name": head.get_full_name() if head else "",
        },
        language=language,
        variant=variant,
        actor=actor,
    )
