"""Official forms of conclusions, protocols, routes and teacher letters: the context
each template needs, in one place for the download views and the case file."""

from django.contrib.auth import get_user_model
from django.db.models import Prefetch

from documents.rendering import Form, issue
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


def route_form(route) -> Form:
    full = Route.objects.select_related(
        "approved_by",
        "register_entry",
        "conclusion__register_entry",
        "period__academic_year",
        "student__study_group__programme",
    ).get(pk=route.pk)
    return Form(
        "route",
        full.register_entry,
        {
            "route": full,
            "sections": _route_sections(full),
            "measures": list(full.support_measures.select_related("measure_type")),
        },
    )


def conclusion_form(conclusion) -> Form:
    return Form(
        "conclusion",
        conclusion.register_entry,
        {
            "conclusion": conclusion,
            "adaptations": list(conclusion.adaptations.select_related("adaptation_type")),
        },
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
    )


def letter_form(letter) -> Form:
    route = letter.section.route
    head = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.CENTRE_HEAD)
        .order_by("pk")
        .first()
    )
    return Form(
        "letter",
        letter.register_entry,
        {
            "letter": letter,
            "section": letter.section,
            "route": route,
            "route_entry": route.register_entry,
            # The person, not a name: the template spells it in the form's language.
            "head": head,
        },
    )


def issue_route_pdf(*, route, actor, language, variant="standard"):
    return issue(route_form(route), actor=actor, language=language, variant=variant)


def issue_conclusion_pdf(*, conclusion, actor, language, variant="standard"):
    return issue(conclusion_form(conclusion), actor=actor, language=language, variant=variant)


def issue_protocol_pdf(*, protocol, actor, language, variant="standard"):
    return issue(protocol_form(protocol), actor=actor, language=language, variant=variant)


def issue_letter_pdf(*, letter, actor, language, variant="standard"):
    return issue(letter_form(letter), actor=actor, language=language, variant=variant)
