"""Nothing lost or doubled under concurrency, on PostgreSQL with a real connection per
thread: simultaneous approvals, register numbers, transitions touching the same rows,
and a failure injected half-way through an approval."""

import threading

import pytest
from django.core import mail
from django.db import connection, transaction
from django.utils import translation

from documents.models import IssuedFile, RegisterEntry
from documents.register import register_document
from routes import services as routes
from routes.models import Route, RouteDecision, RouteStatus, TeacherLetter
from routes.services import routes as route_steps  # where _decide lives
from students.models import Notification, StudentUserObjectPermission
from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)


def _together(count, work):
    """Run work(i) in `count` threads released at the same instant; return the
    results and the exceptions, each thread on its own database connection."""
    barrier = threading.Barrier(count)
    results, errors = [], []

    def run(i):
        try:
            barrier.wait()
            results.append(work(i))
        except Exception as error:  # noqa: BLE001 - collected for the assertions
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


@pytest.fixture
def waiting_route(reference_data, case, specialist, teacher, period):
    route = routes.route_create(student=case, period=period, actor=specialist)
    routes.route_send_for_agreement(route=route, actor=specialist)
    routes.section_agree(section=route.sections.get(), actor=teacher)
    route.refresh_from_db()
    assert route.status == RouteStatus.APPROVAL
    return route


def test_twenty_simultaneous_approvals_make_one(waiting_route):
    approvers = [f.UserFactory(username=f"rector{i}", role="management") for i in range(20)]
    results, errors = _together(
        20, lambda i: routes.route_approve(route=waiting_route, actor=approvers[i])
    )
    assert len(results) == 1 and len(errors) == 19
    with translation.override("kk"):
        in_force = str(RouteStatus.ACTIVE.label)
    for error in errors:
        assert isinstance(error, routes.RouteError), error
        assert in_force in str(error)  # says why, in words
    route = Route.objects.get(pk=waiting_route.pk)
    assert route.status == RouteStatus.ACTIVE
    assert RouteDecision.objects.filter(route=route, to_status=RouteStatus.ACTIVE).count() == 1
    assert route.history.filter(status=RouteStatus.ACTIVE).count() == 1
    assert RegisterEntry.objects.filter(doc_type="route").count() == 1
    assert TeacherLetter.objects.count() == route.sections.count()


def test_fifty_simultaneous_registrations_are_distinct_and_gapless(reference_data, case, student):
    def issue(i):
        with transaction.atomic():
            return register_document(
                doc_type="disclosure", student=case, author=student, language="kk"
            ).sequence

    results, errors = _together(50, issue)
    assert errors == []
    assert sorted(results) == list(range(1, 51))


def test_transitions_on_the_same_records_do_not_deadlock(
    reference_data, case, specialist, teacher, management, centre_head, period
):
    """Approving version 2 supersedes version 1 (locks v2, then v1) while the head
    closes version 1 (locks v1): both lock the case first, so one waits for the other
    instead of deadlocking; exactly one version stays in force."""
    for _round in range(5):
        first = routes.route_create(student=case, period=period, actor=specialist)
        routes.route_send_for_agreement(route=first, actor=specialist)
        routes.section_agree(section=first.sections.get(), actor=teacher)
        routes.route_approve(route=first, actor=management)
        second = routes.route_new_version(route=first, actor=specialist)
        routes.route_send_for_agreement(route=second, actor=specialist)
        routes.section_agree(section=second.sections.get(), actor=teacher)
        work = [
            (routes.route_approve, {"route": second, "actor": management}),
            (routes.route_close, {"route": first, "actor": centre_head}),
        ]
        _results, errors = _together(2, lambda i, work=work: work[i][0](**work[i][1]))
        assert not [e for e in errors if "deadlock" in str(e).lower()], errors
        assert all(isinstance(e, routes.RouteError) for e in errors), errors
        assert Route.objects.filter(student=case, period=period, status="active").count() == 1
        Route.objects.filter(student=case, period=period, status="active").update(
            status=RouteStatus.CLOSED
        )


def test_a_failure_between_the_status_change_and_the_decision_changes_nothing(
    waiting_route, management, monkeypatch, django_capture_on_commit_callbacks
):
    before = {
        "history": waiting_route.history.count(),
        "decisions": RouteDecision.objects.count(),
        "entries": RegisterEntry.objects.count(),
        "letters": TeacherLetter.objects.count(),
        "files": IssuedFile.objects.count(),
        "permissions": StudentUserObjectPermission.objects.count(),
        "notifications": Notification.objects.count(),
    }
    real = route_steps._decide

    def fail_on_approval(route, actor, from_status, to_status, *args, **kwargs):
        if to_status == RouteStatus.ACTIVE:
            raise RuntimeError("injected: the decision record cannot be written")
        return real(route, actor, from_status, to_status, *args, **kwargs)

    monkeypatch.setattr(route_steps, "_decide", fail_on_approval)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        routes.route_approve(route=waiting_route, actor=management)
    route = Route.objects.get(pk=waiting_route.pk)
    assert route.status == RouteStatus.APPROVAL and route.register_entry_id is None
    after = {
        "history": route.history.count(),
        "decisions": RouteDecision.objects.count(),
        "entries": RegisterEntry.objects.count(),
        "letters": TeacherLetter.objects.count(),
        "files": IssuedFile.objects.count(),
        "permissions": StudentUserObjectPermission.objects.count(),
        "notifications": Notification.objects.count(),
    }
    assert after == before
    assert mail.outbox == []


def test_simultaneous_double_clicks_make_one_report_and_one_unit_task(
    reference_data, case, student, specialist, unit
):
    """A report of mistreatment and a unit's task, each sent ten times at once (a
    double click, a retried request): one row each, the others find it."""
    import datetime

    from support import complaints, events, units
    from support.models import Complaint, UnitTask

    data = {
        "kind": "disrespect",
        "about": "Топтас",
        "happened_on": None,
        "place": "",
        "description": "Бір уақытта жіберілген хабарлама",
        "wish": "",
    }
    results, errors = _together(
        10, lambda i: complaints.complaint_create(actor=student, student=case, data=data)
    )
    assert errors == [] and len({r.pk for r in results}) == 1
    assert Complaint.objects.count() == 1

    request = events.event_request_create(
        actor=student,
        student=case,
        data={
            "kind": "sport",
            "event": "Жарыс",
            "date": datetime.date.today() + datetime.timedelta(days=9),
            "place": "Спорт залы",
            "needs": "Көмекші",
        },
    )
    due = datetime.date.today() + datetime.timedelta(days=5)
    results, errors = _together(
        10,
        lambda i: units.unit_task_assign(
            actor=specialist, unit=unit, kind="event", subject=request, what="Көмек", due=due
        ),
    )
    assert errors == [] and len({r.pk for r in results}) == 1
    assert UnitTask.objects.count() == 1


def test_a_signature_sent_twice_at_once_is_one_signature(waiting_route, management, nca):
    """#31: the same NCALayer signature posted five times at once (a double click on a
    slow connection): the route is approved once, with one signature, and the request
    is used once; then the student's acknowledgement, five times at once, is one too."""
    import hashlib
    from types import SimpleNamespace

    from documents import signing as engine
    from documents.models import Institution, PersonSignature
    from routes.signing import COUNTERSIGNATURES, DECISIONS
    from tests.pki import sign_cms

    institution = Institution.current()
    institution.ecp_policy = {"route_approve": "allowed", "route_acknowledge": "allowed"}
    institution.save()
    management.iin = "780215400125"
    management.save(update_fields=["iin"])
    decision = DECISIONS["route_approve"]
    pending = engine.prepare(decision, obj=waiting_route, actor=management)
    key = nca.issue("vr-c", iin="780215400125", surname="О", given_name="Г", purpose="sign")
    signature = sign_cms(key, bytes(pending.digest), digested=True)
    request = SimpleNamespace(user=management, META={"REMOTE_ADDR": "127.0.0.1"})

    def approve(_i):
        return engine.complete(
            decision, request=request, pending=pending, obj=waiting_route, signature=signature
        )

    _results, errors = _together(5, approve)
    assert len(errors) == 4, errors
    assert PersonSignature.objects.filter(decision="route_approve").count() == 1
    assert Route.objects.get(pk=waiting_route.pk).status == RouteStatus.ACTIVE

    route = Route.objects.get(pk=waiting_route.pk)
    pupil = route.student.user
    cs = COUNTERSIGNATURES["route_acknowledge"]
    data, _issued = engine.signed_content(cs, route, pupil)
    pupil_key = nca.issue("pupil-c", iin=route.student.iin, surname="С", given_name="Ж",
                          purpose="sign")  # fmt: skip
    acknowledgement = sign_cms(pupil_key, hashlib.sha256(data).digest(), digested=True)
    request = SimpleNamespace(user=pupil, META={"REMOTE_ADDR": "127.0.0.1"})

    def acknowledge(_i):
        return engine.countersign(cs, request=request, obj=route, signature=acknowledgement)

    _results, errors = _together(5, acknowledge)
    assert len(errors) == 4, errors
    assert PersonSignature.objects.filter(decision="route_acknowledge").count() == 1
    assert route.decisions.filter(event=RouteDecision.Event.ACKNOWLEDGED).count() == 1
