"""Every write to assessments, conclusions, protocols and routes, as one API: views,
other apps and tests call `routes.services.<name>`. The code is split by resource:
`casework` (assessments, conclusions, protocols), `routes` (routes, sections,
letters) and `closing` (routes the calendar or the archive ended); `common` holds
the refusals and the case checks they use."""

from .casework import (
    assessment_create,
    case_file_queue,
    conclusion_correct,
    conclusion_issue,
    conclusion_save,
    conclusion_submit,
    protocol_create,
    protocol_sign,
)
from .closing import close_ended_routes
from .common import RouteConflict, RouteError
from .participation import route_acknowledge, route_comment, route_share
from .routes import (
    letter_acknowledge,
    route_approve,
    route_close,
    route_create,
    route_new_version,
    route_return,
    route_send_for_agreement,
    route_update,
    section_agree,
    section_agree_on_behalf,
    section_reassign,
    section_return,
    section_update,
    support_measure_add,
)

__all__ = [
    "case_file_queue",
    "close_ended_routes",
    "RouteConflict",
    "RouteError",
    "assessment_create",
    "conclusion_correct",
    "conclusion_issue",
    "conclusion_save",
    "conclusion_submit",
    "letter_acknowledge",
    "protocol_create",
    "protocol_sign",
    "route_acknowledge",
    "route_approve",
    "route_close",
    "route_comment",
    "route_create",
    "route_new_version",
    "route_return",
    "route_send_for_agreement",
    "route_share",
    "route_update",
    "section_agree",
    "section_agree_on_behalf",
    "section_reassign",
    "section_return",
    "section_update",
    "support_measure_add",
]
