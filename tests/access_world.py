"""The access matrix's world: every role of the regulation, the case and every kind
of object a URL takes, and the matrix of who gets what for a GET (MATRIX). Shared by
the GET matrix (tests/test_access_matrix.py), the POST matrix and the health reads."""

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver

from documents.privacy import disclosure_record
from routes import services as routes
from routes.models import TeacherLetter
from students.uploads import check_uploads
from tests import factories as f
from tests.helpers import apply_online, png_bytes

ROLES = [
    "anonymous",
    "student",
    "other_student",
    "representative",
    "teacher",
    "other_teacher",
    "specialist",
    "other_specialist",
    "centre_head",
    "management",
    "registry",
    "administrator",
    "unit_staff",
]
STAFF_ON_CASE = {"specialist", "centre_head"}
# When scripts/test.sh runs both passes (EAGI_BOTH_PASSES), the matrices ask each role in
# one of them: every (URL, role) pair is checked once per run, on one database or the
# other, and each database meets every kind of outcome (refusals, acceptances, the
# heavy staff roles). Run alone, a pass asks every role.
ROLES_BY_PASS = {
    "postgresql": [
        "anonymous",
        "student",
        "teacher",
        "other_specialist",
        "centre_head",
        "registry",
        "unit_staff",
    ],
    "sqlite": [
        "other_student",
        "representative",
        "other_teacher",
        "specialist",
        "management",
        "administrator",
    ],
}
assert sorted(sum(ROLES_BY_PASS.values(), [])) == sorted(ROLES)


def roles_of_this_pass() -> list[str]:
    from django.db import connection

    if not os.environ.get("EAGI_BOTH_PASSES"):
        return ROLES
    return ROLES_BY_PASS["postgresql" if connection.vendor == "postgresql" else "sqlite"]


HEALTH_MARK = "HX-4242"

# Shorthands for common shapes of access.
CASE_READERS = {
    "student": 200,
    "representative": 200,
    "teacher": 200,
    "specialist": 200,
    "centre_head": 200,
}
STAFF_PAGE = {
    "specialist": 200,
    "centre_head": 200,
    "student": 403,
    "representative": 403,
    "teacher": 403,
}
APPLICATION_READERS = {"student": 200, "representative": 200, "specialist": 200, "centre_head": 200}
ROUTE_READERS = {
    "student": 200,
    "representative": 200,
    "teacher": 200,
    "specialist": 200,
    "centre_head": 200,
    "management": 200,
}
ALL_SIGNED_IN = dict.fromkeys(ROLES[1:], 200)


def _only(roles, status=200):
    return dict.fromkeys(roles, status)


# name: (kwargs builder, default status for roles not listed, {role: status})
# The confirmation page of a step on the case's documents: its centre staff.
CONFIRMED_BY_CASE_STAFF = {
    "anonymous": 302,
    "student": 403,
    "representative": 403,
    "teacher": 403,
    "specialist": 200,
    "centre_head": 200,
}

MATRIX = {
    "home": (None, 200, {"anonymous": 302}),
    "healthz": (None, 200, {}),
    # The workload of every specialist: whoever assigns cases (workspace.views.workload).
    "workload": (None, 403, {"anonymous": 302, "centre_head": 200}),
    "set-language": (None, 405, {}),
    "set-display": (None, 405, {}),
    "notification-list": (None, 200, {"anonymous": 302}),
    "notifications-read": (None, 405, {}),
    "otp-verify": (
        None,
        200,
        # Students without an authenticator are sent to pair one; representatives,
        # like staff, have one (#28, finding 1).
        {"anonymous": 302, "student": 302, "other_student": 302},
    ),
    "otp-setup": (None, 302, {"student": 200, "other_student": 200}),
    # Off until the deployment names the national centre's roots (ECP_TRUST_ROOTS); on,
    # anyone may open it: tests/students/test_ecp_sign_in.py.
    "ecp-sign-in": (None, 404, {"anonymous": 404}),
    "students:student-list": (
        None,
        403,
        {
            "anonymous": 302,
            **_only(["teacher", "other_teacher", "specialist", "other_specialist", "centre_head"]),
        },
    ),
    "students:student-detail": ("case", 404, CASE_READERS),
    "students:health-edit": ("case", 404, STAFF_PAGE),
    "students:access-history": ("case", 404, _only(["student", "representative", "centre_head"])),
    "students:case-assign": ("case", 405, {}),
    # Steps that cannot be undone: GET is their confirmation page.
    "students:case-unassign": (
        "unassign",
        404,
        {
            "anonymous": 302,
            "student": 403,
            "representative": 403,
            "teacher": 403,
            "specialist": 403,
            "centre_head": 200,
        },
    ),
    "students:application-list": (None, 200, {"anonymous": 302}),
    "students:application-create": (
        None,
        403,
        # other_teacher teaches nobody who could apply: sent home with a message.
        {
            "anonymous": 302,
            "other_teacher": 302,
            **_only(["student", "other_student", "representative", "teacher"]),
        },
    ),
    "students:application-detail": ("application", 404, APPLICATION_READERS),
    "students:application-withdraw": (
        "application",
        404,
        {"student": 200, "representative": 403, "specialist": 403, "centre_head": 403},
    ),
    "students:application-start": ("application", 405, {}),
    "students:application-texts-wanted": ("application", 405, {"anonymous": 302}),
    "students:application-decide": (
        "decide",
        404,
        {"centre_head": 200, "student": 403, "representative": 403, "specialist": 403},
    ),
    "students:application-resubmit": (
        "application",
        404,
        {"student": 200, "representative": 403, "specialist": 403, "centre_head": 403},
    ),
    "students:application-pdf": ("application", 404, APPLICATION_READERS),
    "students:paper-application-create": (None, 403, {"anonymous": 302, "registry": 200}),
    "students:registry-list": (None, 403, {"anonymous": 302, "registry": 200}),
    "students:consent-list": (None, 200, {"anonymous": 302}),
    "students:consent-give-again": ("student_pk", 405, {}),
    "students:consent-withdraw": (
        "consent",
        404,
        {"anonymous": 302, "student": 200, "representative": 200},
    ),
    "students:attachment-download": ("attachment", 404, APPLICATION_READERS),
    "students:disclosure-list": (None, 403, {"anonymous": 302, "centre_head": 200}),
    # The record of a disclosure on its official form: the head, who keeps the register.
    "students:disclosure-pdf": ("disclosure", 404, {"anonymous": 302, "centre_head": 200}),
    "students:disclosure-create": (
        "case",
        404,
        {
            "centre_head": 200,
            "student": 403,
            "representative": 403,
            "teacher": 403,
            "specialist": 403,
        },
    ),
    "students:sis-import": (None, 403, {"anonymous": 302, "administrator": 200}),
    "students:staff-roles": (None, 403, {"anonymous": 302, "centre_head": 200}),
    "students:link-list": (None, 403, {"anonymous": 302, "centre_head": 200}),
    "students:link-ground": ("link", 404, {"anonymous": 302, "centre_head": 200}),
    "students:emergency-access": (
        None,
        403,
        {"anonymous": 302, **_only(["specialist", "other_specialist", "centre_head"])},
    ),
    "students:emergency-review": (None, 403, {"anonymous": 302, "centre_head": 200}),
    "routes:route-list": (None, 200, {"anonymous": 302}),
    "routes:conclusion-list": (
        None,
        403,
        {"anonymous": 302, **_only(["specialist", "other_specialist", "centre_head"])},
    ),
    "routes:protocol-list": (
        None,
        403,
        {"anonymous": 302, **_only(["specialist", "other_specialist", "centre_head"])},
    ),
    "routes:statistics": (None, 403, {"anonymous": 302, "centre_head": 200, "management": 200}),
    "routes:statistics-export": (
        "xlsx",
        403,
        {"anonymous": 302, "centre_head": 200, "management": 200},
    ),
    "routes:teacher-work": (None, 403, {"anonymous": 302, "teacher": 200, "other_teacher": 200}),
    "routes:teacher-adaptations": (
        None,
        403,
        {"anonymous": 302, "teacher": 200, "other_teacher": 200},
    ),
    "routes:assessment-create": ("student_pk", 404, STAFF_PAGE),
    "routes:conclusion-create": ("student_pk", 404, STAFF_PAGE),
    "routes:protocol-create": ("student_pk", 404, STAFF_PAGE),
    "routes:route-create": ("student_pk", 404, STAFF_PAGE),
    "routes:case-file": ("student_pk", 404, {**STAFF_PAGE, "student": 200, "representative": 200}),
    # Queues the case file (POST only); its page and download are the requester's alone.
    "routes:case-file-pdf": ("student_pk", 405, {"anonymous": 302}),
    "routes:case-file-job": (
        "case_file_job",
        404,
        {"anonymous": 302, "specialist": 200, "teacher": 403},
    ),
    "routes:case-file-download": (
        "case_file_job",
        404,
        {"anonymous": 302, "specialist": 200, "teacher": 403},
    ),
    "routes:case-archive": ("student_pk", 404, {**STAFF_PAGE, "specialist": 403}),
    "routes:case-dispose": ("student_pk", 403, {"anonymous": 302, "centre_head": 404}),
    "routes:archive-list": (None, 403, {"anonymous": 302, "centre_head": 200}),
    "routes:conclusion-detail": ("conclusion", 404, STAFF_PAGE),
    "routes:conclusion-edit": ("conclusion", 404, STAFF_PAGE),
    "routes:conclusion-issue": ("conclusion", 404, {**CONFIRMED_BY_CASE_STAFF}),
    "routes:conclusion-submit": ("conclusion", 405, {}),
    "routes:conclusion-correct": ("conclusion", 405, {}),
    "routes:conclusion-pdf": ("conclusion", 404, STAFF_PAGE),
    "routes:protocol-detail": ("protocol", 404, STAFF_PAGE),
    "routes:protocol-sign": ("protocol", 404, {**CONFIRMED_BY_CASE_STAFF}),
    "routes:protocol-pdf": ("protocol", 404, STAFF_PAGE),
    "routes:route-detail": ("route", 404, ROUTE_READERS),
    "routes:route-edit": (
        "route",
        404,
        {**ROUTE_READERS, "student": 403, "representative": 403, "teacher": 403, "management": 403},
    ),
    "routes:route-compare": (
        "route",
        404,
        {
            **ROUTE_READERS,
            "teacher": 403,
            "student": 302,
            "representative": 302,
            "specialist": 302,
            "centre_head": 302,
            "management": 302,
        },
    ),
    "routes:route-pdf": ("route", 404, {**ROUTE_READERS, "teacher": 403}),
    "routes:measure-add": (
        "route",
        404,
        {**ROUTE_READERS, "student": 403, "representative": 403, "teacher": 403, "management": 403},
    ),
    "routes:route-transition": ("approve", 404, {**_only(ROUTE_READERS, 403)}),
    # ЭЦП is off in this world: approving with it is no one's (tests/routes/test_ecp_approval.py).
    "routes:decision-sign": ("sign_route", 405, {}),
    "routes:countersign": ("countersign_route", 405, {}),
    "routes:decision-sign-pdf": ("sign_route_pdf", 404, {**_only(ROUTE_READERS, 403)}),
    "routes:route-new-version": (
        "route",
        404,
        {**CONFIRMED_BY_CASE_STAFF, "management": 403},
    ),
    # The student's part (#30, item 5): the world's route is in force, so the comment
    # page sends the student and representative back to it with a sentence; anyone
    # else who reads the route is refused.
    "routes:route-share": ("route", 405, {}),
    "routes:route-acknowledge": ("route", 405, {}),
    "routes:route-comment": (
        "route",
        404,
        {**_only(ROUTE_READERS, 403), "student": 302, "representative": 302},
    ),
    "routes:section-edit": (
        "section",
        404,
        {**ROUTE_READERS, "student": 403, "representative": 403, "teacher": 403, "management": 403},
    ),
    "routes:section-decide": ("agree", 404, {**_only(ROUTE_READERS, 403), "teacher": 200}),
    "routes:section-handover": ("section", 403, {"anonymous": 302, "centre_head": 200}),
    "routes:letter-acknowledge": ("letter", 405, {}),
    "routes:letter-pdf": ("letter", 404, {"teacher": 200, "specialist": 200, "centre_head": 200}),
    "support:hub": (None, 200, {"anonymous": 302}),
    "support:sessions": ("student_pk", 404, STAFF_PAGE),
    "support:consultations": (
        None,
        403,
        {
            "anonymous": 302,
            **_only(["teacher", "other_teacher", "specialist", "other_specialist", "centre_head"]),
        },
    ),
    "support:interactions": (
        None,
        403,
        {"anonymous": 302, **_only(["specialist", "other_specialist", "centre_head"])},
    ),
    "support:formats": (
        None,
        403,
        {
            "anonymous": 302,
            **_only(
                [
                    "student",
                    "other_student",
                    "representative",
                    "specialist",
                    "other_specialist",
                    "centre_head",
                ]
            ),
        },
    ),
    "support:format-deliver": (
        "format_request",
        404,
        {"specialist": 200, "centre_head": 200, "student": 403, "representative": 403},
    ),
    "support:format-file": ("format_request", 404, APPLICATION_READERS),
    "support:barriers": (None, 200, {"anonymous": 302}),
    # Events outside teaching (#30, item 3): the student and representatives ask and
    # follow theirs; centre staff handle their cases'.
    "support:events": (
        None,
        403,
        {
            "anonymous": 302,
            **_only(["student", "other_student", "representative"]),
            **_only(["specialist", "other_specialist", "centre_head"]),
        },
    ),
    "support:event-handle": (
        "event_request",
        403,
        {"anonymous": 302, "specialist": 200, "centre_head": 200, "other_specialist": 404},
    ),
    # Reports of mistreatment (#30, item 2): the students and parents make and read their
    # own; the head (to whom the world's report is addressed) reads it; the rector's
    # office sees the year's counts. The specialists on the case never see it.
    "support:complaints": (
        None,
        403,
        {
            "anonymous": 302,
            **_only(["student", "other_student", "representative"]),
            **_only(["centre_head", "management"]),
        },
    ),
    "support:complaint": (
        "complaint",
        404,
        {"anonymous": 302, **_only(["student", "centre_head"])},
    ),
    # The structural units' tasks (#30, item 4): the unit's staff their unit's; centre
    # staff give them (the world's task is about an aid of `case`).
    "support:unit-tasks": (
        None,
        403,
        {
            "anonymous": 302,
            **_only(["unit_staff", "specialist", "other_specialist", "centre_head"]),
        },
    ),
    "support:unit-task": (
        "unit_task",
        404,
        {"anonymous": 302, **_only(["unit_staff", "specialist", "centre_head"])},
    ),
    "support:unit-task-new": (
        "unit_task_new",
        403,
        {"anonymous": 302, "specialist": 200, "centre_head": 200, "other_specialist": 404},
    ),
    # The admin's JavaScript messages (#30, item 19): the admin's own rule, staff only.
    "admin-jsi18n": (None, 302, {"administrator": 200}),
    # The register API (#30, item 7): a client system's token, never a person's session.
    "api-register": (None, 401, {"anonymous": 401}),
    "api-register-entry": ("api_entry", 401, {"anonymous": 401}),
    # Awareness events (#30, item 6): anyone signed in reads them; the head records.
    "support:awareness": (None, 200, {"anonymous": 302}),
    # Technical aids (#30, item 1): the head's and specialists' list; a case's page and
    # the return for the centre staff on the case.
    "support:aids": (
        None,
        403,
        {"anonymous": 302, **_only(["specialist", "other_specialist", "centre_head"])},
    ),
    "support:aids-case": ("student_pk", 404, STAFF_PAGE),
    "support:aid-return": ("aid", 404, {"anonymous": 302, **_only(["specialist", "centre_head"])}),
    "support:barrier-update": (
        "barrier",
        403,
        {"anonymous": 302, **_only(["specialist", "other_specialist", "centre_head"])},
    ),
    # Any staff member attends seminars and sees their own record (#30, item 6).
    "support:training": (
        None,
        403,
        {
            "anonymous": 302,
            **_only(
                [
                    "teacher",
                    "other_teacher",
                    "specialist",
                    "other_specialist",
                    "centre_head",
                    "management",
                    "registry",
                    "administrator",
                    "unit_staff",
                ]
            ),
        },
    ),
    "support:implementation": (
        None,
        403,
        {
            "anonymous": 302,
            **_only(
                [
                    "student",
                    "other_student",
                    "representative",
                    "teacher",
                    "other_teacher",
                    "specialist",
                    "other_specialist",
                    "centre_head",
                ]
            ),
        },
    ),
    "support:check-add": ("section_pk", 405, {}),
    "support:report-add": ("section_pk", 405, {}),
    "support:report-escalate": ("report", 405, {}),
    "support:report-resolve": (
        "report",
        403,
        {"anonymous": 302, "specialist": 200, "centre_head": 200, "other_specialist": 404},
    ),
    "documents:register-list": (None, 403, {"anonymous": 302, "centre_head": 200, "registry": 200}),
    "documents:register-export": (
        None,
        403,
        {"anonymous": 302, "centre_head": 200, "registry": 200},
    ),
    # Public (#18): anyone holding a paper checks it; type, number, date and status only.
    "documents:verify-start": (None, 200, {"anonymous": 200}),
    "documents:verify": ("code", 200, {"anonymous": 200}),
    # A document's texts in the other language: the centre's staff working on the case.
    "documents:texts-edit": (
        "texts",
        404,  # one answer whether or not the document exists (#28, 10)
        {"anonymous": 302, "specialist": 200, "centre_head": 200},
    ),
    "documents:breach-list": (
        None,
        403,
        {"anonymous": 302, "centre_head": 200, "administrator": 200},
    ),
    "documents:breach-notified": ("breach", 405, {}),
    # Who is a client of the centre is the head's to see, not the administrator's (#28).
    "documents:access-log": (None, 403, {"anonymous": 302, "centre_head": 200}),
}
# Anonymous visitors are sent to sign in wherever a page needs an account.
for _name, (_kind, _default, _statuses) in MATRIX.items():
    if "anonymous" not in _statuses and _default not in (405,) and _name != "healthz":
        _statuses["anonymous"] = 302


def _project_url_names():
    names = set()

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in {"admin"} or pattern.app_name == "admin":
                    continue
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns)
    django_auth = {
        "login",
        "logout",
        "password_change",
        "password_change_done",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
    }
    return names - django_auth


@pytest.fixture
def world(
    case,
    student,
    representative,
    specialist,
    centre_head,
    teacher,
    management,
    period,
    other_case,
    unit,
):
    scan = check_uploads([SimpleUploadedFile("scan.png", png_bytes())])
    application = apply_online(student, case)
    conclusion = routes.conclusion_save(
        student=case, actor=specialist, analysis="a", adaptations=[]
    )
    conclusion = routes.conclusion_issue(conclusion=conclusion, actor=centre_head)
    import datetime

    protocol = routes.protocol_create(
        student=case,
        actor=specialist,
        data={
            "date": datetime.date(2026, 9, 1),
            "place": "1",
            "chair": centre_head,
            "secretary": None,
            "agenda": "a",
            "discussion": "",
            "decisions": "d",
        },
        attendees=[],
        measures=[],
    )
    protocol = routes.protocol_sign(protocol=protocol, actor=centre_head)
    route = routes.route_create(student=case, period=period, actor=specialist)
    routes.route_send_for_agreement(route=route, actor=specialist)
    routes.section_agree(section=route.sections.get(), actor=teacher)
    routes.route_approve(route=route, actor=management)
    route.refresh_from_db()
    disclosure = disclosure_record(
        student=case,
        actor=centre_head,
        data={
            "recipient": "r",
            "legal_basis": "b",
            "what": "w",
            "disclosed_on": datetime.date(2026, 9, 2),
        },
    )
    from django.utils import timezone

    from documents.privacy import breach_record

    breach = breach_record(
        actor=centre_head,
        data={
            "description": "x",
            "data_affected": "y",
            "people_affected": 1,
            "discovered_at": timezone.now(),
            "measures": "",
        },
    )
    section = route.sections.get()
    from support import aids, events
    from support import services as support

    course = f.CourseAssignmentFactory(group=case.study_group, period=period).course
    format_request = support.format_request_create(
        actor=student, student=case, course=course, title="Оқулық", format="large_print"
    )
    support.format_request_deliver(
        actor=specialist,
        request=format_request,
        upload=SimpleUploadedFile("book.pdf", b"%PDF-1.7 large print"),
    )
    aid = aids.aid_lend(
        actor=specialist,
        student=case,
        data={
            "kind": "hearing",
            "item": "Phonak Roger",
            "identifier": "R-1",
            "issued_on": datetime.date(2026, 9, 1),
            "due_back": None,
            "condition_out": "good",
            "note": "",
        },
    )
    event_request = events.event_request_create(
        actor=student,
        student=case,
        data={
            "kind": "graduation",
            "event": "Түлектер кеші",
            "date": datetime.date.today() + datetime.timedelta(days=30),
            "place": "Мәжіліс залы",
            "needs": "Сахнаға пандус",
        },
    )
    from support import complaints

    complaint = complaints.complaint_create(
        actor=student,
        student=case,
        data={
            "kind": "disrespect",
            "about": "Оқытушы",
            "happened_on": None,
            "place": "",
            "description": "Дәрісте менің атымды атап күлді.",
            "wish": "",
        },
    )
    from support import units

    unit_task = units.unit_task_assign(
        actor=specialist,
        unit=unit,
        kind="aid",
        subject=aid,
        what="Экранды оқу бағдарламасын орнату",
        due=datetime.date.today() + datetime.timedelta(days=7),
    )
    barrier = support.barrier_report(
        actor=student, data={"place": "classroom", "location": "301", "description": "d"}
    )
    report = support.report_create(
        actor=student,
        section=section,
        data={"date": datetime.date(2026, 10, 1), "description": "not provided"},
    )
    from django.core.files.base import ContentFile

    from routes.models import CaseFileJob

    job = CaseFileJob(
        student=case, requested_by=specialist, language="kk", variant="standard", total=1, done=1
    )
    job.status = CaseFileJob.Status.READY
    job.file.save("case-file.pdf", ContentFile(b"%PDF-1.7 case file"), save=False)
    job.save()
    from students.models import LinkRequest

    link = LinkRequest(
        kind="teaching",
        account=f.UserFactory(username="new-teacher", role="teacher"),
        course=course,
        group=case.study_group,
        period=period,
        basis="Оқу жүктемесі туралы бұйрық № 5",
        requested_by=management,
        ground_name="order.png",
        ground_type="image/png",
        ground_sha256=scan[0].sha256,
    )
    link.ground.save("order.png", ContentFile(png_bytes()), save=False)
    link.save()
    return {
        "link": {"pk": link.pk},
        "case": {"pk": case.pk},
        "case_file_job": {"student_pk": case.pk, "pk": job.pk},
        "student_pk": {"student_pk": case.pk},
        "unassign": {"pk": case.pk, "user_pk": specialist.pk},
        "application": {"pk": application.pk},
        "decide": {"pk": application.pk, "action": "return"},
        "consent": {"pk": application.consent_id},
        "attachment": {"pk": application.attachments.get().pk},
        "conclusion": {"pk": conclusion.pk},
        "protocol": {"pk": protocol.pk},
        "route": {"pk": route.pk},
        "texts": {"kind": "protocol", "pk": protocol.pk, "language": protocol.other_text_language},
        "approve": {"pk": route.pk, "action": "approve"},
        # No request prepared: the preview of a signature request is its preparer's.
        "sign_route": {"key": "route_approve", "pk": route.pk},
        "countersign_route": {"key": "route_acknowledge", "pk": route.pk},
        "sign_route_pdf": {"key": "route_approve", "pk": route.pk, "request_pk": 1},
        "section": {"pk": section.pk},
        "agree": {"pk": section.pk, "decision": "agree"},
        "letter": {"pk": TeacherLetter.objects.get().pk},
        "code": {"code": route.register_entry.verification_code},
        "breach": {"pk": breach.pk},
        "xlsx": {"fmt": "xlsx"},
        "format_request": {"pk": format_request.pk},
        "barrier": {"pk": barrier.pk},
        "aid": {"pk": aid.pk},
        "event_request": {"pk": event_request.pk},
        "complaint": {"pk": complaint.pk},
        "disclosure": {"pk": disclosure.pk},
        "unit_task": {"pk": unit_task.pk},
        "api_entry": {"number": route.register_entry.number},
        "unit_task_new": {"kind": "event", "pk": event_request.pk},
        "report": {"pk": report.pk},
        "section_pk": {"section_pk": section.pk},
    }
