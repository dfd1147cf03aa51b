"""No link that opens a student's record takes effect on the administrator's word
(#28, finding 1): a legal representative, the student's own account and a teaching
assignment are requests with a ground that the head of the centre confirms."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from documents.models import AccessEvent
from eagi_inclusion.roles import Role
from students.models import CourseAssignment, LegalRepresentative, LinkRequest, Notification, User

from .. import factories as f
from ..conftest import SignedInClient, current_code


def _scan(name="order.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _record_pages(record) -> list[str]:
    return [
        record.get_absolute_url(),
        reverse("students:access-history", args=[record.pk]),
        reverse("routes:case-file", args=[record.pk]),
    ]


def _signed_in_with_both_steps(account, password="A long password 2026") -> Client:
    """The new account as its owner signs in: password, then the second factor."""
    account.set_password(password)
    account.save(update_fields=["password"])
    browser = Client()
    response = browser.post(reverse("login"), {"username": account.username, "password": password})
    assert response.status_code == 302
    # A representative must pair an authenticator before any page opens.
    page = browser.get(reverse("home"))
    assert page.status_code == 302 and "/accounts/otp/" in page.url
    browser.get(reverse("otp-setup"))
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user=account, confirmed=False)
    done = browser.post(reverse("otp-setup"), {"otp_token": f"{totp(device.bin_key):06d}"})
    assert done.status_code == 302
    return browser


def test_the_administrators_chain_ends_in_404s_until_the_head_confirms(
    client, administrator, centre_head, case, django_capture_on_commit_callbacks
):
    client.force_login(administrator)
    # 1. A new account with an e-mail the administrator reads, given the group.
    client.post(
        reverse("admin:students_user_add"),
        {"username": "fake-parent", "email": "me@attacker.kz", "last_name": "Жалған",
         "first_name": "Ата"},
    )  # fmt: skip
    account = User.objects.get(username="fake-parent")
    account.groups.add(Group.objects.get(name=Role.REPRESENTATIVE))
    # 2. The representatives inline takes no account: the field is not in the form.
    change = reverse("admin:students_student_change", args=[case.pk])
    form = client.get(change).content.decode()
    assert 'name="representatives-0-user"' not in form
    assert 'name="user"' not in form  # nor is the student's own account
    # 3. Asking needs the ground; without it the form says so next to it.
    add = reverse("admin:students_linkrequest_add")
    request = {
        "kind": "representative", "account": account.pk, "student": case.pk,
        "relation": "guardian", "basis": "Қамқоршылық туралы бұйрық № 12, 2026-11-01",
    }  # fmt: skip
    refused = client.post(add, request)
    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors["ground_scan"] == [
        "Білім алушының өкілі болу құқығын беретін құжаттың сканерін тіркеңіз."
    ]
    assert not LinkRequest.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(add, {**request, "ground_scan": _scan()})
    assert asked.status_code == 302
    link = LinkRequest.objects.get()
    assert link.status == LinkRequest.Status.PENDING and link.ground_type == "image/png"
    assert Notification.objects.filter(recipient=centre_head, kind="link_to_confirm").exists()
    # The administrator cannot confirm, change or delete it.
    decide = reverse("students:link-list")
    assert client.post(decide, {"link": link.pk, "decision": "confirm"}).status_code == 403
    delete = reverse("admin:students_linkrequest_delete", args=[link.pk])
    assert client.get(delete).status_code == 403
    # 4. The account signs in, with a second factor, and reaches nothing of hers.
    parent = _signed_in_with_both_steps(account)
    for url in _record_pages(case):
        assert parent.get(url).status_code == 404, url
    assert case.iin not in parent.get(reverse("home")).content.decode()

    # 5. The head looks at the ground and confirms; now the pages open.
    head = SignedInClient()
    head.force_login(centre_head)
    page = head.get(reverse("students:link-list")).content.decode()
    assert "Жалған" in page and "order.png" in page
    ground = head.get(reverse("students:link-ground", args=[link.pk]))
    assert ground.status_code == 200 and ground["Content-Type"] == "image/png"
    assert parent.get(reverse("students:link-ground", args=[link.pk])).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        head.post(reverse("students:link-list"), {"link": link.pk, "decision": "confirm"})
        # A second click decides nothing more.
        head.post(reverse("students:link-list"), {"link": link.pk, "decision": "confirm"})
    assert LegalRepresentative.objects.filter(student=case, user=account).count() == 1
    for url in _record_pages(case):
        assert parent.get(url).status_code == 200, url
    # The student is told and sees the new representative among those who can see.
    assert Notification.objects.filter(recipient=case.user, kind="link_confirmed").exists()
    own = Client()
    own.force_login(case.user)
    assert "Жалған" in own.get(case.get_absolute_url()).content.decode()
    # In the access log and in the request's history, with the head as the author.
    event = AccessEvent.objects.get(action=AccessEvent.Action.ACCESS_GRANTED)
    assert event.actor == centre_head and event.student == case
    link.refresh_from_db()
    assert link.history.first().history_user == centre_head
    assert link.decided_by == centre_head and link.status == LinkRequest.Status.CONFIRMED


@pytest.mark.once("the same rules on both databases: one pass is enough", run_in="postgresql")
def test_the_students_own_account_and_teaching_are_requests_too(
    client, administrator, centre_head, case, period
):
    """Student.user is not typed in the admin, a teaching assignment is not added there;
    both come from a confirmed request, and a refusal needs a reason."""
    client.force_login(administrator)
    stranger = f.UserFactory(username="stranger", role=Role.STUDENT)
    client.post(reverse("admin:students_student_change", args=[case.pk]), {"user": stranger.pk})
    case.refresh_from_db()
    assert case.user.username == "stud"
    assert client.get(reverse("admin:students_courseassignment_add")).status_code == 403
    other = f.UserFactory(username="teacher9", role=Role.TEACHER)
    course = f.CourseAssignmentFactory(period=period).course
    response = client.post(
        reverse("admin:students_linkrequest_add"),
        {"kind": "teaching", "account": other.pk, "course": course.pk,
         "group": case.study_group.pk, "period": period.pk, "basis": "Бұйрық № 7"},
    )  # fmt: skip
    assert response.status_code == 302
    link = LinkRequest.objects.get(kind="teaching")
    teacher_client = SignedInClient()
    teacher_client.force_login(other)
    assert teacher_client.get(case.get_absolute_url()).status_code == 404
    head = SignedInClient()
    head.force_login(centre_head)
    refused = head.post(reverse("students:link-list"), {"link": link.pk, "decision": "refuse"})
    assert refused.status_code == 200
    assert f'id="reason-{link.pk}-error"' in refused.content.decode()
    head.post(
        reverse("students:link-list"),
        {"link": link.pk, "decision": "refuse", "reason": "Жүктеме бұйрығында жоқ"},
    )
    link.refresh_from_db()
    assert link.status == LinkRequest.Status.REFUSED
    assert not CourseAssignment.objects.filter(teacher=other).exists()
    assert Notification.objects.filter(recipient=administrator, kind="link_refused").exists()


def test_a_representative_confirms_every_sign_in_with_a_second_factor(case, representative):
    browser = Client()
    representative.set_password("A long password 2026")
    representative.save(update_fields=["password"])
    browser.post(reverse("login"), {"username": "parent", "password": "A long password 2026"})
    page = browser.get(case.get_absolute_url())
    assert page.status_code == 302 and "/accounts/otp/" in page.url
    # With a paired authenticator the code opens the record.
    browser.post(reverse("otp-verify"), {"otp_token": current_code(representative)})
    assert browser.get(case.get_absolute_url()).status_code == 200


def test_the_heads_page_of_requests_has_a_fixed_number_of_queries(
    pages, client, administrator, centre_head, case
):
    """The head's page reads each request with its account, student (and the student's
    own account), course and representatives in a fixed number of queries."""
    from students.models import LinkRequest

    def ask(count):
        for number in range(count):
            record = f.StudentFactory(user=f.UserFactory(role=Role.STUDENT))
            LinkRequest.objects.create(
                kind="representative", account=f.UserFactory(role=Role.REPRESENTATIVE),
                student=record, relation="mother", basis=f"Сенімхат № {number}",
                requested_by=administrator, ground_name="s.png", ground_type="image/png",
                ground_sha256="0" * 64,
            )  # fmt: skip

    client.force_login(centre_head)
    ask(1)
    pages(reverse("students:link-list"), 10)
    ask(4)
    response = pages(reverse("students:link-list"), 10)
    assert len(response.context["pending"]) == 5
