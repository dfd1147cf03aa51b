"""Who hears about what happens to conclusions and routes. Delivery (the rows, the
e-mails, the digest) is students.notifications'; the events are this app's."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from eagi_inclusion.roles import Role
from students.models import User
from students.models.notifications import in_each_language, register_kind
from students.notifications import notify, specialists_on, student_and_representatives

from .models import RouteStatus


class Kind:
    """The notifications of case work: conclusions, protocols, routes, letters."""

    CONCLUSION_ISSUED = register_kind(
        "conclusion_issued",
        _("conclusion issued"),
        _("The centre's conclusion %(number)s on %(student)s is issued."),
    )

    CONCLUSION_TO_ISSUE = register_kind(
        "conclusion_to_issue",
        _("conclusion to issue"),
        _("The conclusion on %(student)s is ready: issue it before the application's deadline."),
    )

    PROTOCOL_TO_SIGN = register_kind(
        "protocol_to_sign",
        _("protocol to sign"),
        _("The team meeting protocol on %(student)s waits for your signature as its chair."),
    )

    ROUTE_FOR_AGREEMENT = register_kind(
        "route_for_agreement",
        _("route to agree"),
        _("The route of %(student)s waits for your agreement on your course."),
    )

    ROUTE_RETURNED = register_kind(
        "route_returned",
        _("route returned for revision"),
        _("The route of %(student)s was returned for revision: %(comment)s"),
    )

    ROUTE_FOR_APPROVAL = register_kind(
        "route_for_approval",
        _("route to approve"),
        _("The route of %(student)s waits for approval."),
    )

    ROUTE_APPROVED = register_kind(
        "route_approved",
        _("route approved"),
        _("The route of %(student)s is approved and in force."),
    )

    LETTER_TO_ACKNOWLEDGE = register_kind(
        "letter",
        _("letter to acknowledge"),
        _("Adaptations for %(student)s in your course: please read and acknowledge the letter."),
    )


def conclusion_issued(conclusion, actor) -> None:
    notify(
        [*specialists_on(conclusion.student), conclusion.drafted_by],
        Kind.CONCLUSION_ISSUED,
        url=conclusion.get_absolute_url(),
        actor=actor,
        number=conclusion.register_entry.number,
        student=in_each_language(lambda: conclusion.student.full_name),
    )


def route_changed(route, actor, from_status: str, to_status: str, comment: str) -> None:
    """After a route's transition: the people who act next, or whom it concerns."""
    student = route.student
    url = route.get_absolute_url()
    name = in_each_language(lambda: student.full_name)
    if to_status == RouteStatus.AGREEMENT:
        teachers = User.objects.filter(route_sections__route=route).distinct()
        notify(
            teachers,
            Kind.ROUTE_FOR_AGREEMENT,
            url=reverse("routes:teacher-work"),
            actor=actor,
            student=name,
        )
    elif to_status == RouteStatus.DRAFT and from_status:
        notify(
            [*specialists_on(student), route.created_by],
            Kind.ROUTE_RETURNED,
            url=url,
            actor=actor,
            student=name,
            comment=comment,
        )
    elif to_status == RouteStatus.APPROVAL:
        management = User.objects.filter(is_active=True, groups__name=Role.MANAGEMENT)
        notify(management, Kind.ROUTE_FOR_APPROVAL, url=url, actor=actor, student=name)
    elif to_status == RouteStatus.ACTIVE:
        family = [student.user, *(r.user for r in student.representatives.select_related("user"))]
        notify(
            [*family, *specialists_on(student)],
            Kind.ROUTE_APPROVED,
            url=url,
            actor=actor,
            student=name,
        )
        teachers = User.objects.filter(route_sections__route=route).distinct()
        notify(
            teachers,
            Kind.LETTER_TO_ACKNOWLEDGE,
            url=reverse("routes:teacher-work"),
            actor=actor,
            student=name,
        )


def section_to_agree(route, teacher, actor) -> None:
    """A section handed over to a teacher while the route waits for agreement."""
    notify(
        [teacher],
        Kind.ROUTE_FOR_AGREEMENT,
        url=reverse("routes:teacher-work"),
        actor=actor,
        student=in_each_language(lambda: route.student.full_name),
    )


def conclusion_submitted(conclusion, actor) -> None:
    """A draft conclusion sent to the heads to be issued."""
    notify(
        User.objects.filter(is_active=True, groups__name=Role.CENTRE_HEAD),
        Kind.CONCLUSION_TO_ISSUE,
        url=conclusion.get_absolute_url(),
        actor=actor,
        student=in_each_language(lambda: conclusion.student.full_name),
    )


def protocol_to_sign(protocol, actor) -> None:
    """A protocol recorded: its chair signs it."""
    notify(
        [protocol.chair],
        Kind.PROTOCOL_TO_SIGN,
        url=reverse("routes:protocol-detail", args=[protocol.pk]),
        actor=actor,
        student=in_each_language(lambda: protocol.student.full_name),
    )


PARTICIPATION = (
    register_kind(
        "route_shared",
        _("draft route to comment on"),
        _("The centre asks for your comments on the draft route for %(period)s."),
    ),
    register_kind(
        "route_commented",
        _("comment on a draft route"),
        _("%(student)s's draft route has a comment from %(who)s."),
    ),
    register_kind(
        "route_acknowledged",
        _("approved route acknowledged"),
        _("%(who)s has read %(student)s's approved route."),
    ),
)
ROUTE_SHARED, ROUTE_COMMENTED, ROUTE_ACKNOWLEDGED = PARTICIPATION


def route_shared(route, actor) -> None:
    """The student and representatives with an account are asked for comments."""
    url = route.get_absolute_url()
    people = student_and_representatives(route.student)
    notify(
        people, ROUTE_SHARED, url=url, actor=actor, period=in_each_language(lambda: route.period)
    )


def route_heard(route, actor, kind: str) -> None:
    """The specialists on the case hear of a comment or an acknowledgement."""
    notify(
        specialists_on(route.student),
        kind,
        url=route.get_absolute_url(),
        actor=actor,
        student=in_each_language(lambda: route.student.full_name),
        who=in_each_language(actor.get_full_name),
    )
