"""The media folder full or read-only: a clear error to the user, and no database row
pointing to a missing file."""

import errno

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from documents.models import IssuedFile
from routes import services as routes
from students.applications import STORAGE_UNAVAILABLE
from students.models import Application, ApplicationAttachment
from tests.helpers import application_form, png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[errno.ENOSPC, errno.EROFS])
def broken_storage(request, monkeypatch):
    def refuse(self, name, content):
        raise OSError(request.param, "injected storage failure")

    monkeypatch.setattr(FileSystemStorage, "_save", refuse)
    return request.param


def test_an_upload_to_full_storage_is_refused_and_nothing_is_kept(
    client, student, case, broken_storage, settings
):
    client.force_login(student)
    response = client.post(
        reverse("students:application-create"),
        application_form(
            case,
            difficulties="Көру қабілеті",
            conditions_requested="Үлкен қаріп",
            files_other=SimpleUploadedFile("scan.png", png_bytes(), "image/png"),
        ),
    )
    assert response.status_code == 200
    with translation.override("kk"):
        expected = str(STORAGE_UNAVAILABLE)
    assert expected in response.context["form"].non_field_errors()
    assert Application.objects.count() == 0 and ApplicationAttachment.objects.count() == 0
    assert not [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]


def test_a_form_pdf_on_read_only_storage_gets_a_clear_page(
    client, case, specialist, centre_head, broken_storage
):
    conclusion = routes.conclusion_save(
        student=case, actor=specialist, analysis="a", adaptations=[]
    )
    conclusion = routes.conclusion_issue(conclusion=conclusion, actor=centre_head)
    client.force_login(specialist)
    response = client.get(reverse("routes:conclusion-pdf", args=[conclusion.pk]))
    assert response.status_code == 503
    assert response["Retry-After"] == "600"
    assert "storage_unavailable.html" in [t.name for t in response.templates]
    assert IssuedFile.objects.count() == 0


def test_the_database_out_of_reach_gets_a_page_that_needs_no_database(client, student, monkeypatch):
    from django.db import OperationalError

    from students.views import notifications as notification_views

    def down(*args, **kwargs):
        raise OperationalError("connection refused: the server is restarting")

    client.force_login(student)
    monkeypatch.setattr(notification_views, "BoundedPaginator", down)
    response = client.get(reverse("notification-list"))
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "database_unavailable.html" in [t.name for t in response.templates]


@pytest.fixture
def database_gone(transactional_db, reference_data):
    """The real database connection pointed at a server that is not there (a closed
    port for PostgreSQL, a file in a missing folder for SQLite), as during a restart;
    put back afterwards."""
    from django.db import connection

    saved = dict(connection.settings_dict)

    def go_away():
        connection.close()
        if connection.vendor == "postgresql":
            import socket

            with socket.socket() as sock:
                sock.bind(("127.0.0.1", 0))
                closed_port = sock.getsockname()[1]
            connection.settings_dict.update(HOST="127.0.0.1", PORT=closed_port)
        else:
            connection.settings_dict["NAME"] = "/nonexistent-folder/db.sqlite3"

    yield go_away
    connection.close()
    connection.settings_dict.clear()
    connection.settings_dict.update(saved)


def test_a_database_outage_answers_503_wherever_it_strikes(database_gone, student, case):
    """Signed in, then the database goes away: the session and the user are read in
    middlewares, before any view. The answer is the 503 page, not a server error."""
    from django.test import Client

    client = Client(raise_request_exception=False)
    client.force_login(student)
    assert client.get(case.get_absolute_url()).status_code == 200
    database_gone()
    for url in (case.get_absolute_url(), reverse("home"), reverse("students:application-list")):
        response = client.get(url)
        assert response.status_code == 503, url
        assert response["Retry-After"] == "30"
        assert "database_unavailable.html" in [t.name for t in response.templates]
    health = Client().get("/healthz")  # a monitor: no session
    assert health.status_code == 503
    assert health.json() == {"status": "error", "database": "unavailable"}
