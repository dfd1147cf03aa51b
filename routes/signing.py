"""The decisions of routes that registers a document and that can be taken by signing
with ЭЦП (documents/signing.py does the signing): the rector's office approving a
route, the head issuing a conclusion, the chair signing a meeting's protocol."""

from documents.signing import Decision
from students.permissions import can_assign_cases

from . import services
from .forms_pdf import conclusion_form, protocol_form, route_form
from .models import Conclusion, MeetingProtocol, Route
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
