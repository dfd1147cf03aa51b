"""The kinds of document this app issues (documents/kinds.py): the centre's
conclusion, the team meeting's protocol, the route and the teacher's letter. Each
says who may download it; the download view and the case file are written once."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from documents.kinds import DocumentKind, register_document_kind
from students.permissions import can_read_case_as_staff

from .forms_pdf import conclusion_form, letter_form, protocol_form, route_form
from .models import Conclusion, MeetingProtocol, Route, TeacherLetter
from .views.common import case_for_staff
from .views.conclusions import conclusion_for_staff
from .views.routes import route_level, visible_route

# What a letter's form reads with it: its route, student, course and teacher.
LETTER_RELATED = (
    "register_entry",
    "teacher",
    "section__course",
    "section__route__register_entry",
    "section__route__student__study_group",
    "section__route__period__academic_year",
)


def _conclusion_downloadable(request, pk):
    """Centre staff on the case."""
    conclusion = conclusion_for_staff(request, pk)
    return conclusion, conclusion.student


def _protocol_downloadable(request, pk):
    """Centre staff on the case."""
    protocol = get_object_or_404(
        MeetingProtocol.objects.select_related("student", "chair", "secretary", "register_entry"),
        pk=pk,
    )
    case_for_staff(request, protocol.student_id)
    return protocol, protocol.student


def _route_downloadable(request, pk):
    """Whoever may open the route, except a teacher: the whole route holds other
    courses' adaptations; a teacher receives their letter."""
    route = visible_route(request, pk)
    if route_level(request.user, route) == "teacher":
        raise PermissionDenied
    return route, route.student


def _letter_downloadable(request, pk):
    """The teacher it is addressed to, and centre staff on the case."""
    letter = get_object_or_404(TeacherLetter.objects.select_related(*LETTER_RELATED), pk=pk)
    student = letter.section.route.student
    if letter.teacher_id != request.user.pk and not can_read_case_as_staff(request.user, student):
        raise Http404
    return letter, student


def _registered(model, select):
    def of(student):
        return model.objects.filter(student=student, register_entry__isnull=False).select_related(
            *select
        )

    return of


KINDS = [
    DocumentKind(
        code="conclusion",
        label=_("Centre conclusion"),
        group=_("Centre conclusions"),
        position=20,
        url_name="routes:conclusion-pdf",
        registered=_registered(
            Conclusion,
            select=(
                "register_entry",
                "student__study_group",
                "drafted_by",
                "issued_by",
                "supersedes__register_entry",
            ),
        ),
        title=str,
        form=conclusion_form,
        downloadable=_conclusion_downloadable,
    ),
    DocumentKind(
        code="protocol",
        label=_("Team meeting protocol"),
        group=_("Team meeting protocols"),
        position=30,
        url_name="routes:protocol-pdf",
        registered=_registered(
            MeetingProtocol,
            select=("register_entry", "chair", "secretary", "student__study_group"),
        ),
        title=str,
        form=protocol_form,
        downloadable=_protocol_downloadable,
    ),
    DocumentKind(
        code="route",
        label=_("Individual education route"),
        group=_("Individual education routes"),
        position=40,
        url_name="routes:route-pdf",
        registered=_registered(Route, select=("register_entry", "period__academic_year")),
        title=lambda route: f"{route}, {route.period}",
        form=route_form,
        downloadable=_route_downloadable,
        students_own=True,
    ),
    DocumentKind(
        code="letter",
        label=_("Notification letter"),
        group=_("Notification letters"),
        position=50,
        url_name="routes:letter-pdf",
        registered=lambda student: TeacherLetter.objects.filter(
            section__route__student=student, register_entry__isnull=False
        ).select_related(*LETTER_RELATED),
        title=lambda letter: f"{letter.section.course} — {letter.teacher.get_full_name()}",
        form=letter_form,
        downloadable=_letter_downloadable,
    ),
]


def register() -> None:
    for kind in KINDS:
        register_document_kind(kind)
