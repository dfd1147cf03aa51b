import pytest
from django.db import connection, transaction

from documents.models import AccessEvent, AppendOnlyError


def _event(user, case):
    return AccessEvent.objects.create(actor=user, action="case.view", student=case)


def test_access_events_cannot_be_changed_or_deleted_by_the_app(specialist, case):
    event = _event(specialist, case)
    event.reason = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


def test_database_refuses_update_and_delete_of_access_events(specialist, case):
    event = _event(specialist, case)
    for statement in (
        "UPDATE documents_accessevent SET reason = 'x' WHERE id = %s",
        "DELETE FROM documents_accessevent WHERE id = %s",
    ):
        with (
            pytest.raises(Exception, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [event.pk])
    assert AccessEvent.objects.filter(pk=event.pk, reason="").exists()


def test_the_head_searches_the_access_log(client, centre_head, specialist, case, pages):
    from django.urls import reverse

    client.force_login(specialist)
    client.get(case.get_absolute_url())
    client.force_login(centre_head)
    url = reverse("documents:access-log")
    response = client.get(url, {"actor": specialist.username, "iin": case.iin})
    assert [e.actor_id for e in response.context["events"]] == [specialist.pk]
    assert client.get(url, {"action": "file.download"}).context["events"].__len__() == 0
    pages(url, 12, who=centre_head)
    client.force_login(specialist)
    for _ in range(5):  # more events, by more pages
        client.get(case.get_absolute_url())
        client.get(case.get_absolute_url() + "?tab=documents")
    pages(url, 12, who=centre_head)
