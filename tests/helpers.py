"""Helpers the test modules share: one place each, instead of modules importing each
other's privates (#29). Factories of model rows are in tests/factories.py; pytest
fixtures in tests/conftest.py."""

import io
import socket
import uuid

from PIL import Image


def pdf_bytes(extra: bytes = b"") -> bytes:
    """A one-page PDF; with `extra=b"js"` one that runs JavaScript when opened."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if extra == b"js":
        from pypdf.generic import DictionaryObject, NameObject, TextStringObject

        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject("app.alert('hi');"),
            }
        )
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def png_bytes(width=10, height=10) -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (width, height)).save(buffer, format="PNG")
    return buffer.getvalue()


def application_form(student_record, **extra) -> dict:
    """What the online application form posts, filled in as a student would."""
    return {
        "student": student_record.pk,
        "submission_token": str(uuid.uuid4()),
        "difficulties": "Cannot read small print on the board.",
        "conditions_requested": "Large-print materials, extra time at exams.",
        "preferred_contact": "email",
        "contact_detail": "",
        "document_language": "kk",
        "consent": "on",
        **extra,
    }


def apply_online(
    student_user,
    record,
    *,
    texts=("d", "c"),
    language="kk",
    scans=1,
    token=None,
    **changes,
):
    """An online application by the student through the service: `texts` (what is
    difficult, what is asked for) in `language`, with `scans` scans of a certificate;
    `changes` are then written on the row (a status, a channel) for tests that need
    one."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from students.applications import application_submit
    from students.models import Application
    from students.uploads import check_uploads

    checked = check_uploads(
        [SimpleUploadedFile(f"scan-{n}.png", png_bytes()) for n in range(scans)]
    )
    difficulties, conditions = texts
    application = application_submit(
        actor=student_user,
        student=record,
        applicant_kind="student",
        data={
            "difficulties": difficulties,
            "conditions_requested": conditions,
            "preferred_contact": "email",
            "contact_detail": "",
            "document_language": language,
        },
        files=[("other", upload) for upload in checked],
        token=token or uuid.uuid4(),
        consent_given=True,
    )
    if changes:
        Application.objects.filter(pk=application.pk).update(**changes)
    return application


def pdf_of(response) -> bytes:
    """The body of a (possibly streamed) file response."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def pdf_text(data: bytes) -> str:
    """The text of every page, as a PDF reader extracts it."""
    import io

    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def this_tests_database_url() -> str:
    """DATABASE_URL of this test's database, for a process of the app started on it."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Pages:
    """Counts a page's queries at one size and holds it to exactly that at the next:
    `pages(url, ceiling)` (the `pages` fixture, tests/conftest.py). Each count comes
    after one warming request, as the page is served all day (the institution's
    record, the menu and the filter choices come from the cache)."""

    def __init__(self, client, django_assert_num_queries):
        self.client, self.exactly, self.counts = client, django_assert_num_queries, {}

    def __call__(self, url, ceiling: int, *, who=None, kept=False):
        """`who`: the page as this person sees it (signs them in; counted apart).
        The page is counted as computed after a write (the data version changes just
        before: what pages keep under it is computed, eagi_inclusion/data_version.py);
        `kept=True` counts it as the next visit finds it, kept."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from eagi_inclusion import data_version

        if who is not None:
            self.client.force_login(who)
        key = (url, getattr(who, "pk", None), kept)
        self.client.get(url)  # warm the caches, as every later request finds them
        if kept:
            self.client.get(url)  # kept now: the browser has its CSRF cookie
        else:
            data_version.replace()
        if key not in self.counts:
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(url)
            self.counts[key] = len(queries)
            assert self.counts[key] <= ceiling, self.counts[key]
        else:
            with self.exactly(self.counts[key]):
                response = self.client.get(url)
        assert response.status_code == 200
        return response
