"""The decisions of routes that registers a document and that can be taken by signing
with ЭЦП (documents/signing.py does the signing): the rector's office approving a
route, the head issuing a conclusion, the chair signing a meeting's protocol."""

from documents.rendering import issue
from documents.signing import Countersignature, Decision
from students.permissions import can_assign_cases

from . import services
from .forms_pdf import conclusion_form, protocol_form, route_form
from .models import Conclusion, MeetingProtocol, Route
from .permissions import can_acknowledge_route
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
        act=lambda route, actor: services.route_acknowledge(route=route, actor=actor, signed=True),
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
        act=lambda protocol, actor: None,  # the secretary's signature is the whole act
        errors=(RouteError,),
    ),
}
