"""Break the glass: time-limited, reasoned, logged, reviewed."""

import datetime

from django.urls import reverse
from django.utils import timezone

from documents.models import AccessEvent
from students.models import EmergencyAccess

URL = reverse("students:emergency-access")


def test_a_specialist_off_the_case_opens_it_in_an_emergency(
    client, other_specialist, case, centre_head
):
    administrator = other_specialist  # the one breaking the glass
    client.force_login(administrator)
    assert client.get(case.get_absolute_url()).status_code == 404
    refused = client.post(URL, {"iin": case.iin, "reason": "short"})
    assert 'id="id_reason_error"' in refused.content.decode()
    response = client.post(
        URL, {"iin": case.iin, "reason": "The student collapsed in class; the ambulance asks."}
    )
    assert response.status_code == 302
    page = client.get(case.get_absolute_url())
    assert page.status_code == 200 and "HX-4242" in page.content.decode()
    events = AccessEvent.objects.filter(actor=administrator, student=case)
    assert set(events.values_list("action", flat=True)) == {"emergency.access", "health.view"}
    assert all("ambulance" in e.reason for e in events)
    # The head sees it to review, and marks it reviewed.
    client.force_login(centre_head)
    review = client.get(reverse("students:emergency-review")).content.decode()
    assert "ambulance" in review
    grant = EmergencyAccess.objects.get()
    client.post(reverse("students:emergency-review"), {"grant": grant.pk})
    grant.refresh_from_db()
    assert grant.reviewed_by == centre_head


def test_emergency_access_expires(client, other_specialist, case):
    client.force_login(other_specialist)
    client.post(URL, {"iin": case.iin, "reason": "Urgent request from the dean's office."})
    EmergencyAccess.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert client.get(case.get_absolute_url()).status_code == 404


def test_others_cannot_break_the_glass(
    client, administrator, teacher, management, registry, case, django_user_model
):
    superuser = django_user_model.objects.create_superuser("root", "root@eagi.kz", "x" * 20)
    for user in (administrator, teacher, management, registry, superuser):
        client.force_login(user)
        assert client.get(URL).status_code == 403, user
        response = client.post(URL, {"iin": case.iin, "reason": "The ambulance asks for it."})
        assert response.status_code == 403, user
        page = client.get(case.get_absolute_url())  # 200 for the teacher, 404 otherwise
        assert "HX-4242" not in page.content.decode(), user
        assert client.get(reverse("students:emergency-review")).status_code == 403
    assert not EmergencyAccess.objects.exists()


def test_the_administrator_is_no_back_door_to_the_diagnosis(client, administrator, case):
    """Finding 3 of the attack: break the glass handed the diagnosis to the admin."""
    client.force_login(administrator)
    client.post(URL, {"iin": case.iin, "reason": "The student collapsed in class; urgent."})
    page = client.get(case.get_absolute_url())
    assert page.status_code == 404 and "HX-4242" not in page.content.decode()


def test_one_case_by_exists_answers_as_the_list_does(
    specialist, other_specialist, centre_head, teacher, student, case, other_case, period
):
    """A page of one case or route tests the staff cases row by row
    (`staff_case_exists`); lists use the person's literal id list (`staff_case_ids`):
    the same answers for every person, with an unexpired and an expired emergency
    access among them (docs/architecture.md)."""
    from routes.selectors import route_list_visible_to
    from routes.services import route_create
    from students.selectors import student_list_visible_to, with_case_access
    from students.services import emergency_access_grant
    from tests import factories as f

    lapsed = f.UserFactory(username="lapsed-specialist")
    lapsed.groups.add(*specialist.groups.all())
    emergency_access_grant(student=case, actor=other_specialist, reason="A seizure in class now.")
    old = emergency_access_grant(student=other_case, actor=lapsed, reason="Ambulance asked today.")
    EmergencyAccess.objects.filter(pk=old.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    students = [case, other_case, f.StudentFactory()]
    routes = [route_create(student=s, period=period, actor=centre_head) for s in students]
    seen = 0
    for person in [specialist, other_specialist, lapsed, centre_head, teacher, student]:
        listed = set(student_list_visible_to(person).values_list("pk", flat=True))
        listed_routes = set(route_list_visible_to(person).values_list("pk", flat=True))
        for record, route in zip(students, routes, strict=True):
            one = student_list_visible_to(person, one=True).filter(pk=record.pk).exists()
            assert one == (record.pk in listed), (person.username, record.pk)
            one_route = route_list_visible_to(person, one=True).filter(pk=route.pk).exists()
            assert one_route == (route.pk in listed_routes), (person.username, route.pk)
            # The pages' own reads: the staff cases tested by the case-access
            # annotations they carry (#32), the annotations as `with_case_access` makes
            # them on a plain query.
            for visible, row, expected, ref in (
                (student_list_visible_to(person, case_access=True), record, one, "pk"),
                (route_list_visible_to(person, case_access=True), route, one_route, "student"),
            ):
                found = visible.filter(pk=row.pk).first()
                assert (found is not None) == expected, (person.username, row)
                if found is not None:
                    plain = with_case_access(type(row).objects.all(), person, ref)
                    assert _access(found) == _access(plain.get(pk=row.pk)), (person.username, row)
            seen += one + one_route
    # The head: all 3 and their routes; the specialist: the case and its draft;
    # other_specialist: other_case (assigned) and the case (emergency), with drafts;
    # the lapsed emergency: nothing; the teacher and the student: the case alone.
    assert seen == 6 + 2 + 4 + 0 + 1 + 1


def _access(row) -> tuple:
    return (row._view_case, row._view_health, row._work, row._emergency, row._emergency_until)


def test_the_case_permissions_are_the_students_apps_alone(db):
    """The case pages and lists test an object permission by its codename alone (no
    join to the content types, #32): no other model may name a permission the same."""
    from django.contrib.auth.models import Permission

    codes = ["view_case", "view_case_health", "work_on_case"]
    apps = set(
        Permission.objects.filter(codename__in=codes).values_list(
            "content_type__app_label", "codename"
        )
    )
    assert apps == {("students", code) for code in codes}
