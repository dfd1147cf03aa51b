"""The decisions of routes that registers a document and that can be taken by signing
with ЭЦП (documents/signing.py does the signing): the rector's office approving a
route, the head issuing a conclusion, the chair signing a meeting's protocol."""

from documents.rendering import issue
from documents.signing import Countersignature, Decision
from students.permissions import can_assign_cases

from . import services
from .forms_pdf import SECTION_TEXTS, conclusion_form, protocol_form, route_form
from .models import (
    Conclusion,
    CourseAgreement,
    MeetingProtocol,
    Route,
    RouteCourseSection,
    RouteStatus,
)
from .permissions import can_acknowledge_route, can_decide_section
from .series import CONCLUSION, PROTOCOL, ROUTE
from .services import RouteError
from .workflow import conclusion_allows, may, protocol_allows

DECISIONS = {
    "route_approve": Decision(
        key="route_approve",
        doc_type=ROUTE,
        model=Route,
        may=lambda actor, route: may(actor, route, "approve"),
        act=lambda route, actor, comment: services.route_approve(
            route=route, actor=actor, comment=comment, signed=True
        ),
        form_of=route_form,
        field_name="Approval",
        version_of=lambda route: route.lock_version,
        errors=(RouteError,),
    ),
    "conclusion_issue": Decision(
        key="conclusion_issue",
        doc_type=CONCLUSION,
        model=Conclusion,
        may=lambda actor, conclusion: (
            can_assign_cases(actor) and conclusion_allows(conclusion.status, "issue")
        ),
        act=lambda conclusion, actor, comment: services.conclusion_issue(
            conclusion=conclusion, actor=actor, signed=True
        ),
        form_of=conclusion_form,
        field_name="Issue",
        errors=(RouteError,),
    ),
    "protocol_sign": Decision(
        key="protocol_sign",
        doc_type=PROTOCOL,
        model=MeetingProtocol,
        may=lambda actor, protocol: (
            protocol.chair_id == actor.pk and protocol_allows(protocol.status, "sign")
        ),
        act=lambda protocol, actor, comment: services.protocol_sign(
            protocol=protocol, actor=actor, signed=True
        ),
        form_of=protocol_form,
        field_name="Chair",
        errors=(RouteError,),
    ),
}


def agreed_content(section) -> bytes:
    """What a teacher agrees, as the bytes the teacher's key signs: the route (version,
    round of agreement), the course, and the adaptations of the course's section —
    canonical JSON, kept with the signature so that anyone entitled can check it."""
    import json

    section = RouteCourseSection.objects.select_related("route", "course").get(pk=section.pk)
    content = {
        "route": section.route_id,
        "version": section.route.version,
        "round": section.route.agreement_round,
        "course": section.course.code,
        "adaptation_types": sorted(section.adaptation_types.values_list("code", flat=True)),
        **{name: getattr(section, name) for name in SECTION_TEXTS},
    }
    return json.dumps(content, ensure_ascii=False, sort_keys=True).encode()


def _issued_route(route, actor):
    return issue(route_form(route), actor=actor, language=route.register_entry.language)


def _issued_protocol(protocol, actor):
    return issue(protocol_form(protocol), actor=actor, language=protocol.register_entry.language)


def _own_iin(user) -> str:
    """A student's IIN is the case's; anyone else's is the account's."""
    student = getattr(user, "student", None)
    return user.iin or (student.iin if student is not None else "")


COUNTERSIGNATURES = {
    "route_acknowledge": Countersignature(
        key="route_acknowledge",
        model=Route,
        may=lambda actor, route: can_acknowledge_route(actor, route),
        file_of=_issued_route,
        act=lambda route, actor, comment: services.route_acknowledge(
            route=route, actor=actor, signed=True
        ),
        iin_of=_own_iin,
        errors=(RouteError,),
    ),
    "protocol_countersign": Countersignature(
        key="protocol_countersign",
        model=MeetingProtocol,
        may=lambda actor, protocol: (
            protocol.secretary_id == actor.pk and protocol.register_entry_id is not None
        ),
        file_of=_issued_protocol,
        # The signature is the whole act; the protocol's row serialises two clicks.
        act=lambda protocol, actor, comment: (
            MeetingProtocol.objects.select_for_update().filter(pk=protocol.pk).exists()
        ),
        errors=(RouteError,),
    ),
    "section_agree": Countersignature(
        key="section_agree",
        model=RouteCourseSection,
        may=lambda actor, section: (
            can_decide_section(actor, section) and section.route.status == RouteStatus.AGREEMENT
        ),
        content_of=lambda section: agreed_content(section),
        act=lambda section, actor, comment: services.section_agree(
            section=section, actor=actor, comment=comment, signed=True
        ),
        record_of=lambda section, actor: CourseAgreement.objects.get(
            section=section, round=section.route.agreement_round
        ),
        errors=(RouteError,),
    ),
}
