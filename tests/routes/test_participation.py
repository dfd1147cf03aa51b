"""#30, item 5: the student takes part in their route (§4.4). The specialist shows the
draft to the student and representatives before it goes to the teachers; they read it,
comment, and acknowledge the approved route in the app; the comments stay in the
route's history. Who may post where is also in the access and POST matrices."""

import pytest
from django.urls import reverse

from routes import services
from routes.models import RouteDecision, RouteStatus
from students.models import Notification

from .conftest import to_approval

pytestmark = pytest.mark.django_db


def _kinds(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_the_student_reads_and_comments_on_the_draft_shown_to_them(
    client, draft, specialist, student, representative, teacher
):
    route_url = draft.get_absolute_url()
    # Not shown yet: the student does not see the draft at all.
    client.force_login(student)
    assert client.get(route_url).status_code == 404
    client.force_login(specialist)
    share = reverse("routes:route-share", args=[draft.pk])
    assert f'action="{share}"' in client.get(route_url).content.decode()
    response = client.post(reverse("routes:route-share", args=[draft.pk]))
    assert response.status_code == 302
    client.post(reverse("routes:route-share", args=[draft.pk]))  # a double click
    assert draft.decisions.filter(event=RouteDecision.Event.SHARED).count() == 1
    assert "route_shared" in _kinds(student) and "route_shared" in _kinds(representative)

    for person, text in (
        (student, "Слайдтарды бір күн бұрын жіберсе."),
        (representative, "Келісемін."),
    ):
        client.force_login(person)
        page = client.get(route_url).content.decode()
        assert 'id="your-part-title"' in page
        assert reverse("routes:route-comment", args=[draft.pk]) in page
        # On the student's own page, among their routes.
        assert route_url in client.get(draft.student.get_absolute_url()).content.decode()
        # An empty comment is named by its field and keeps nothing.
        url = reverse("routes:route-comment", args=[draft.pk])
        response = client.post(url, {"text": "  "})
        assert response.status_code == 200 and "text" in response.context["form"].errors
        assert client.post(url, {"text": text}).status_code == 302
    comments = draft.decisions.filter(event=RouteDecision.Event.STUDENT_COMMENT)
    assert [(c.actor, c.comment) for c in comments] == [
        (student, "Слайдтарды бір күн бұрын жіберсе."),
        (representative, "Келісемін."),
    ]
    assert _kinds(specialist).count("route_commented") == 2
    # In the history the staff read, with the comment as written.
    client.force_login(specialist)
    assert "Слайдтарды бір күн бұрын жіберсе." in client.get(route_url).content.decode()
    # A teacher never sees the comments (nor the draft).
    client.force_login(teacher)
    assert client.get(route_url).status_code == 404


def test_comments_close_when_the_draft_goes_to_the_teachers(
    client, draft, specialist, student, teacher, second_teacher
):
    services.route_share(route=draft, actor=specialist)
    to_approval(draft, specialist, teacher, second_teacher)
    client.force_login(student)
    # Still readable at every stage, but no longer open to comment.
    assert client.get(draft.get_absolute_url()).status_code == 200
    response = client.post(reverse("routes:route-comment", args=[draft.pk]), {"text": "Тағы"})
    assert response.status_code == 302 and response["Location"] == draft.get_absolute_url()
    assert not draft.decisions.filter(event=RouteDecision.Event.STUDENT_COMMENT).exists()
    with pytest.raises(services.RouteError):
        services.route_comment(route=draft, actor=student, text="Тағы")
    with pytest.raises(services.RouteError):
        services.route_share(route=draft, actor=specialist)  # no longer a draft


def test_the_student_and_parent_acknowledge_the_approved_route_once_each(
    client, draft, specialist, student, representative, teacher, second_teacher, management
):
    route = to_approval(draft, specialist, teacher, second_teacher)
    url = reverse("routes:route-acknowledge", args=[route.pk])
    client.force_login(student)
    assert client.post(url).status_code == 404  # in approval, never shown: not theirs yet
    services.route_approve(route=route, actor=management)
    for person in (student, representative):
        client.force_login(person)
        assert f'action="{url}"' in client.get(route.get_absolute_url()).content.decode()
        assert client.post(url).status_code == 302
        assert client.post(url).status_code == 302  # a double click
        assert f'action="{url}"' not in client.get(route.get_absolute_url()).content.decode()
    acknowledged = route.decisions.filter(event=RouteDecision.Event.ACKNOWLEDGED)
    assert sorted(d.actor_id for d in acknowledged) == sorted([student.pk, representative.pk])
    assert _kinds(specialist).count("route_acknowledged") == 2
    # An acknowledgement is not a second approval (workspace/invariants.py).
    from workspace.invariants import single_approvals

    assert single_approvals() == []
    # Staff and teachers do not acknowledge for the student.
    for person in (specialist, teacher):
        client.force_login(person)
        assert client.post(url).status_code == 403


def test_a_new_version_is_not_shown_until_the_specialist_shows_it(
    client, draft, specialist, student, teacher, second_teacher, management
):
    services.route_share(route=draft, actor=specialist)
    route = to_approval(draft, specialist, teacher, second_teacher)
    services.route_approve(route=route, actor=management)
    new = services.route_new_version(route=route, actor=specialist)
    assert new.shared_at is None and new.status == RouteStatus.DRAFT
    client.force_login(student)
    assert client.get(new.get_absolute_url()).status_code == 404
    assert client.get(route.get_absolute_url()).status_code == 200


def test_the_route_page_costs_the_same_for_the_student_at_any_size(
    pages, draft, specialist, student
):
    services.route_share(route=draft, actor=specialist)
    url = draft.get_absolute_url()
    pages(url, 20, who=student)
    for number in range(10):
        services.route_comment(route=draft, actor=student, text=f"Ескерту {number}")
    pages(url, 20, who=student)
