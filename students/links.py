"""Opening a student's record to another account (#28, finding 1).

A legal representative, the student's own account and a teaching assignment each
open a record. None of them takes effect on the administrator's word: the
administrator (in the Django admin, or by importing teaching assignments) makes a
`LinkRequest` with its ground, and the head of the centre confirms or refuses it on
their page. Confirming carries the link out, tells the student and the account, and
is written in the request's history and in the access log."""

from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.access_log import access_log
from documents.models import AccessEvent
from eagi_inclusion.errors import DomainError
from eagi_inclusion.roles import Role, has_role, user_roles
from eagi_inclusion.rules import rule

from .models import CourseAssignment, LegalRepresentative, LinkRequest, Student, User
from .models.notifications import in_each_language
from .notifications import Kind, centre_heads, notify
from .uploads import CheckedFile

ROLE_OF_KIND = {
    LinkRequest.Kind.REPRESENTATIVE: Role.REPRESENTATIVE,
    LinkRequest.Kind.STUDENT_ACCOUNT: Role.STUDENT,
    LinkRequest.Kind.TEACHING: Role.TEACHER,
}


class LinkError(DomainError):
    """A refused request or decision; the message is shown to the person."""


@rule(by_role=True)
def can_decide_links(user) -> bool:
    """The head of the centre, never a superuser: the administrator asks, the head
    decides."""
    return (
        user.is_authenticated
        and user.is_active
        and not user.is_superuser
        and has_role(user, Role.CENTRE_HEAD)
    )


@rule(by_role=True)
def can_request_links(user) -> bool:
    return user.is_authenticated and user.is_active and has_role(user, Role.ADMINISTRATOR)


def link_check(request: LinkRequest) -> None:
    """What must hold for the request to be carried out, then and now."""
    account = request.account
    if not account.is_active:
        raise LinkError(_("The account is deactivated."))
    if account.is_superuser or user_roles(account) & {Role.CENTRE_HEAD, Role.ADMINISTRATOR}:
        raise LinkError(_("This account administers the system: it cannot be linked to records."))
    kind = request.kind
    if kind == LinkRequest.Kind.TEACHING:
        if not (request.course_id and request.group_id and request.period_id):
            raise LinkError(_("Name the course, the group and the academic period."))
        if CourseAssignment.objects.filter(
            teacher=account, course=request.course_id, group=request.group_id,
            period=request.period_id,
        ).exists():  # fmt: skip
            raise LinkError(_("This teacher already teaches this course to this group."))
        return
    student = request.student
    if student is None:
        raise LinkError(_("Choose the student."))
    if student.archived_at is not None:
        raise LinkError(_("The case is archived: it can be read but no longer changed."))
    if kind == LinkRequest.Kind.REPRESENTATIVE:
        if not request.relation:
            raise LinkError(_("Choose the relation to the student."))
        if not request.ground_sha256:
            raise LinkError(
                _("Attach a scan of the document that gives the right to represent the student.")
            )
        if student.user_id == account.pk:
            raise LinkError(_("This is the student's own account."))
        if student.representatives.filter(user=account).exists():
            raise LinkError(_("This account already represents the student."))
    elif kind == LinkRequest.Kind.STUDENT_ACCOUNT:
        if student.user_id == account.pk:
            raise LinkError(_("This account is already the student's own."))
        if Student.objects.filter(user=account).exclude(pk=student.pk).exists():
            raise LinkError(_("This account already belongs to another student."))
        if student.representatives.filter(user=account).exists():
            raise LinkError(_("This account represents the student."))


@transaction.atomic
def link_request(
    *,
    actor: User,
    kind: str,
    account: User,
    basis: str,
    student: Student | None = None,
    relation: str = "",
    ground: CheckedFile | None = None,
    course=None,
    group=None,
    period=None,
    notify_heads: bool = True,
) -> LinkRequest:
    """Ask the head of the centre to open a record to `account`. The ground's scan
    must have passed `students.uploads.check_uploads`."""
    if not can_request_links(actor):
        raise LinkError(_("Only the administrator asks for access to a record."))
    if not basis.strip():
        raise LinkError(_("Name the document that gives the right, with its number and date."))
    request = LinkRequest(
        kind=kind,
        account=account,
        student=student,
        relation=relation if kind == LinkRequest.Kind.REPRESENTATIVE else "",
        course=course,
        group=group,
        period=period,
        basis=basis.strip(),
        requested_by=actor,
    )
    if ground is not None:
        request.ground_name = ground.upload.name[:255]
        request.ground_type = ground.content_type
        request.ground_sha256 = ground.sha256
    link_check(request)
    try:
        with transaction.atomic():
            if ground is not None:
                request.ground.save("ground", ground.upload, save=False)
            request._history_user = actor
            request.save()
    except IntegrityError as error:
        raise LinkError(_("The same request is already waiting for the head.")) from error
    if notify_heads:
        notify(
            centre_heads(),
            Kind.LINK_TO_CONFIRM,
            url=reverse("students:link-list"),
            actor=actor,
            account=in_each_language(account.get_full_name),
            link=kind,
        )
    return request


def links_imported(*, actor: User, count: int) -> None:
    """One notification to the head for a whole import, not one a row."""
    notify(
        centre_heads(),
        Kind.LINKS_IMPORTED,
        url=reverse("students:link-list"),
        actor=actor,
        count=count,
    )


def _locked(request: LinkRequest) -> LinkRequest:
    locked = (
        LinkRequest.objects.select_for_update(of=("self",))
        .select_related("account", "student__user", "course", "group", "period")
        .get(pk=request.pk)
    )
    if locked.status != LinkRequest.Status.PENDING:
        raise LinkError(_("This request has already been decided."))
    return locked


def _carry_out(request: LinkRequest, actor: User) -> str:
    """Make the link; returns what was opened, for the account's notification."""
    account, student = request.account, request.student
    account.groups.add(Group.objects.get(name=ROLE_OF_KIND[request.kind]))
    if request.kind == LinkRequest.Kind.TEACHING:
        CourseAssignment.objects.create(
            teacher=account, course=request.course, group=request.group, period=request.period
        )
        return f"{request.course} — {request.group}"
    if request.kind == LinkRequest.Kind.REPRESENTATIVE:
        representative = LegalRepresentative(
            student=student,
            user=account,
            last_name=account.last_name or account.username,
            first_name=account.first_name or account.username,
            patronymic=account.patronymic,
            relation=request.relation,
            email=account.email,
            basis_document=request.basis,
        )
        representative._history_user = actor
        representative.save()
    else:
        student.user = account
        student._history_user = actor
        student.save(update_fields=["user"])
    return student.full_name


@transaction.atomic
def link_confirm(*, link: LinkRequest, actor: User, http_request) -> LinkRequest:
    """The head confirms: the link is made, the student and the account are told, and
    the confirmation is in the history and the access log. Twice is refused."""
    if not can_decide_links(actor):
        raise LinkError(_("Only the head of the centre confirms access to a record."))
    link = _locked(link)
    if link.requested_by_id == actor.pk:
        raise LinkError(_("Someone else asked for this access: you cannot confirm your own."))
    link_check(link)
    opened = _carry_out(link, actor)
    link.status = LinkRequest.Status.CONFIRMED
    link.decided_by, link.decided_at = actor, timezone.now()
    link._history_user = actor
    link.save(update_fields=["status", "decided_by", "decided_at"])
    access_log(
        request=http_request,
        action=AccessEvent.Action.ACCESS_GRANTED,
        student=link.student,
        obj=link,
        reason=f"{link.get_kind_display()}: {link.account.get_full_name()} ({link.basis})",
    )
    if link.student is not None and link.student.user_id not in (None, link.account_id):
        notify(
            [link.student.user],
            Kind.LINK_CONFIRMED,
            url=reverse("students:student-detail", args=[link.student.pk]),
            account=in_each_language(link.account.get_full_name),
            link=link.kind,
        )
    notify([link.account], Kind.LINK_GRANTED, url=reverse("home"), what=opened)
    return link


@transaction.atomic
def link_refuse(*, link: LinkRequest, actor: User, reason: str) -> LinkRequest:
    if not can_decide_links(actor):
        raise LinkError(_("Only the head of the centre refuses access to a record."))
    if not reason.strip():
        raise LinkError(_("Say why the request is refused."))
    link = _locked(link)
    link.status = LinkRequest.Status.REFUSED
    link.decided_by, link.decided_at = actor, timezone.now()
    link.decision_note = reason.strip()
    link._history_user = actor
    link.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    notify(
        [link.requested_by],
        Kind.LINK_REFUSED,
        url=reverse("admin:students_linkrequest_change", args=[link.pk]),
        account=in_each_language(link.account.get_full_name),
        reason=link.decision_note,
    )
    return link
