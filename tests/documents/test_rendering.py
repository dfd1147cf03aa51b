"""Official forms rendered for real by WeasyPrint and read back with pypdf."""

import io
import re
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import unquote

import pytest
from django.urls import reverse
from pypdf import PdfReader

from documents.models import AccessEvent, IssuedFile
from documents.rendering import form_context, form_html, html_to_pdf, verification_for
from routes import services
from routes.forms_pdf import conclusion_form, protocol_form, route_form
from routes.models import TeacherLetter
from students.forms_pdf import application_form
from tests.helpers import apply_online

from .conftest import KAZAKH_LETTERS, case_file_download, write_texts


def _text(response) -> str:
    data = b"".join(response.streaming_content)
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages), reader, data


@pytest.mark.parametrize(("language", "approval"), [("kk", "БЕКІТЕМІН"), ("ru", "УТВЕРЖДАЮ")])
def test_route_form_in_each_language_reads_back(
    client, specialist, approved_in_both, language, approval
):
    approved = approved_in_both
    client.force_login(specialist)
    response = client.get(reverse("routes:route-pdf", args=[approved.pk]), {"language": language})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    text, reader, _ = _text(response)
    assert approval in text
    assert approved.register_entry.number in text
    assert "".join(KAZAKH_LETTERS.split()) in "".join(text.split())
    position = {"kk": "Оқу ісі жөніндегі проректор", "ru": "Проректор по учебной работе"}
    assert position[language] in text
    # User text is escaped: the tag is printed, not fetched.
    assert "file:///etc/passwd" in text
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert all("Form-Serif" in name for name in fonts)
    assert reader.trailer["/Root"]["/Lang"] == language
    assert AccessEvent.objects.filter(actor=specialist, action="file.download").exists()


def test_issued_form_is_never_silently_regenerated(client, specialist, approved):
    client.force_login(specialist)
    url = reverse("routes:route-pdf", args=[approved.pk])
    _, _, first = _text(client.get(url, {"language": "kk"}))
    approved.special_conditions = "changed afterwards in the database"
    approved.save(update_fields=["special_conditions"])
    _, _, second = _text(client.get(url, {"language": "kk"}))
    assert first == second
    issued = IssuedFile.objects.get(register_entry=approved.register_entry, language="kk")
    import hashlib

    assert issued.sha256 == hashlib.sha256(first).hexdigest()


def _font_sizes(reader) -> list[tuple[float, str]]:
    """(size in points, text) of every run of text, as a reader sees it: the font size
    times the text and transformation matrices' vertical scale."""
    runs = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            scale = (tm[2] ** 2 + tm[3] ** 2) ** 0.5 * (cm[2] ** 2 + cm[3] ** 2) ** 0.5
            runs.append((round(font_size * scale, 1), text.strip()))

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    return runs


def test_large_print_variant(client, specialist, approved):
    client.force_login(specialist)
    url = reverse("routes:route-pdf", args=[approved.pk])
    text, standard, _ = _text(client.get(url, {"language": "kk"}))
    large_text, large, _ = _text(client.get(url, {"language": "kk", "variant": "large"}))
    assert IssuedFile.objects.filter(variant="large").count() == 1
    # Every run of text, the small print of the verification block included, is at
    # least 16 pt; the standard form is set smaller.
    sizes = _font_sizes(large)
    assert sizes and min(size for size, _ in sizes) >= 16, sorted(sizes)[:5]
    assert min(size for size, _ in _font_sizes(standard)) < 16
    assert approved.register_entry.number in large_text and KAZAKH_LETTERS in large_text


def test_teacher_letter_has_the_adaptations_and_no_health_data(client, teacher, approved):
    letter = TeacherLetter.objects.get(teacher=teacher)
    client.force_login(teacher)
    response = client.get(reverse("routes:letter-pdf", args=[letter.pk]), {"language": "ru"})
    text, _, _ = _text(response)
    assert letter.register_entry.number in text
    assert letter.section.course.name_ru in text
    assert "HX-4242" not in text
    # and the teacher gets no whole-route form
    assert client.get(reverse("routes:route-pdf", args=[approved.pk])).status_code == 403


def test_other_teacher_cannot_download_the_letter(client, other_teacher, approved):
    letter = TeacherLetter.objects.get()
    client.force_login(other_teacher)
    assert client.get(reverse("routes:letter-pdf", args=[letter.pk])).status_code == 404


def test_student_downloads_their_approved_route(client, student, approved):
    client.force_login(student)
    text, _, _ = _text(client.get(reverse("routes:route-pdf", args=[approved.pk])))
    assert approved.student.last_name in text


class _Recorder(BaseHTTPRequestHandler):
    hits: list = []

    def do_GET(self):  # noqa: N802
        _Recorder.hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"body { color: red }")

    def log_message(self, *args):
        pass


def test_hostile_html_fetches_nothing_and_embeds_nothing(tmp_path):
    server = HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.server_address[1]
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    html = f"""<html><head><style>@import url(http://127.0.0.1:{port}/evil.css);</style>
      <link rel="stylesheet" href="http://127.0.0.1:{port}/other.css"></head><body>
      <p>Hello</p>
      <img src="file:///etc/passwd">
      <img src="http://127.0.0.1:{port}/pixel.png">
      <img src="../../../../../../etc/hostname">
      <a rel="attachment" href="file://{secret}">attachment</a>
      <img src="data:image/png;base64,{"A" * 600000}">
      </body></html>"""
    try:
        pdf, refused = html_to_pdf(html)
    finally:
        server.shutdown()
    assert _Recorder.hits == []
    assert b"TOP-SECRET-CONTENT" not in pdf and b"/EmbeddedFile" not in pdf
    assert any(url.startswith("file:///etc/passwd") for url in refused)
    assert any(str(secret) in url for url in refused)
    assert any(url.startswith("http://127.0.0.1") for url in refused)
    assert any(url.startswith("data:") for url in refused)
    assert "Hello" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_every_form_carries_a_verification_code_that_the_page_confirms(
    client, specialist, approved, centre_head
):
    client.force_login(specialist)
    response = client.get(reverse("routes:route-pdf", args=[approved.pk]))
    text, _, data = _text(response)
    code = approved.register_entry.verification_code
    assert code and code in text
    page = client.get(reverse("documents:verify", args=[code])).content.decode()
    import hashlib

    assert approved.register_entry.number in page
    assert hashlib.sha256(data).hexdigest() in page
    wrong = client.get(reverse("documents:verify", args=["XXXXXXXXXX"]))
    assert 'role="alert"' in wrong.content.decode()


def test_conclusion_protocol_and_application_forms_render(
    client, specialist, centre_head, approved, case, student
):
    import datetime

    application = apply_online(student, case, texts=("Қиындықтар", "Шарттар"), scans=0)
    conclusion = services.conclusion_save(
        student=case, actor=specialist, analysis="Талдау мәтіні", adaptations=[]
    )
    conclusion = services.conclusion_issue(conclusion=conclusion, actor=centre_head)
    protocol = services.protocol_create(
        student=case,
        actor=specialist,
        data={
            "date": datetime.date(2026, 9, 1),
            "place": "214",
            "chair": centre_head,
            "secretary": None,
            "agenda": "Күн тәртібі",
            "discussion": "",
            "decisions": "Шешім",
        },
        attendees=[],
        measures=[],
    )
    protocol = services.protocol_sign(protocol=protocol, actor=centre_head)
    for form in (
        conclusion_form(conclusion),
        protocol_form(protocol),
        application_form(application),
    ):
        write_texts(form, "ru")
    client.force_login(specialist)
    for url, expected in (
        (reverse("routes:conclusion-pdf", args=[conclusion.pk]), "Талдау мәтіні"),
        (reverse("routes:protocol-pdf", args=[protocol.pk]), "Күн тәртібі"),
        (reverse("students:application-pdf", args=[application.pk]), "Қиындықтар"),
    ):
        text, _, _ = _text(client.get(url, {"language": "kk"}))
        assert expected in text, url

    # Every download has its own name: the whole register number, the language and
    # the size, with an ASCII fallback (RFC 6266), so files never overwrite each other.
    names = set()
    for url in (
        reverse("routes:conclusion-pdf", args=[conclusion.pk]),
        reverse("routes:protocol-pdf", args=[protocol.pk]),
        reverse("students:application-pdf", args=[application.pk]),
    ):
        for language in ("kk", "ru"):
            for variant in ("standard", "large"):
                header = client.get(url, {"language": language, "variant": variant})[
                    "Content-Disposition"
                ]
                fallback = re.search(r'filename="([^"]+)"', header).group(1)
                assert fallback.isascii() and fallback.endswith(".pdf")
                assert f"-{language}" in fallback and ("-large" in fallback) == (variant == "large")
                names.add(unquote(re.search(r"filename\*=UTF-8''(\S+)", header).group(1)))
    assert len(names) == 12
    number = conclusion.register_entry.number.replace("/", "-")
    assert f"{number}-ru-large.pdf" in names


def test_the_whole_case_file_is_one_pdf_with_contents_and_bookmarks(
    client, specialist, approved, student, case
):
    client.force_login(specialist)
    page = client.get(reverse("routes:case-file", args=[case.pk]))
    assert approved.register_entry.number in page.content.decode()
    response = case_file_download(client, case, language="ru")
    reader = PdfReader(io.BytesIO(response.data))
    first = reader.pages[0].extract_text()
    assert "личное дело" in first.lower() and approved.register_entry.number in first

    def flatten(outline):
        for item in outline:
            yield from flatten(item) if isinstance(item, list) else [item.title]

    titles = list(flatten(reader.outline))
    assert any(approved.register_entry.number in title for title in titles)
    letter = TeacherLetter.objects.get()
    assert any(letter.register_entry.number in title for title in titles)


def test_student_case_file_holds_only_their_own_documents(client, student, approved, case):
    client.force_login(student)
    body = client.get(reverse("routes:case-file", args=[case.pk])).content.decode()
    assert approved.register_entry.number in body
    assert TeacherLetter.objects.get().register_entry.number not in body


def test_teacher_cannot_open_the_case_file(client, teacher, approved, case):
    client.force_login(teacher)
    assert client.get(reverse("routes:case-file", args=[case.pk])).status_code == 403


def test_the_route_form_prints_its_period_each_courses_adaptations_and_what_it_replaces(
    client, approved, specialist, teacher, management, period
):
    """#30, item 16: the route did not print the per-course list of adaptation types
    (the letter did), its start and end dates, or the number a new version replaces."""
    from students.models import AdaptationType
    from tests.helpers import pdf_of, pdf_text

    new = services.route_new_version(route=approved, actor=specialist)
    kinds = list(AdaptationType.objects.filter(code__in=["extra-time", "separate-room"]))
    services.section_update(
        section=new.sections.get(),
        actor=specialist,
        lock_version=new.lock_version,
        data={},
        adaptation_types=kinds,
    )
    new.refresh_from_db()
    services.route_send_for_agreement(route=new, actor=specialist)
    services.section_agree(section=new.sections.get(), actor=teacher)
    services.route_approve(route=new, actor=management)
    client.force_login(specialist)
    for variant in ("standard", "large"):
        response = client.get(
            reverse("routes:route-pdf", args=[new.pk]), {"language": "kk", "variant": variant}
        )
        text = " ".join(pdf_text(pdf_of(response)).split())
        for kind in kinds:
            assert kind.name_kk in text, (variant, kind.code)
        dates = f"{period.starts_on:%d.%m.%Y} – {period.ends_on:%d.%m.%Y}"
        assert dates in text, variant
        assert f"{approved.register_entry.number} орнына" in text, variant


def test_an_empty_list_on_a_form_prints_a_dash_not_a_bullet(specialist, centre_head, case):
    """#30, item 16: an empty list printed "• —" on the forms (a list item holding a
    dash, whose bullet a PDF reader's text does not show: the form's markup is read)."""
    from django.template.loader import render_to_string
    from django.utils import translation

    from documents.rendering import form_context

    conclusion = services.conclusion_save(
        student=case, actor=specialist, analysis="Талдау", adaptations=[]
    )
    conclusion = services.conclusion_issue(conclusion=conclusion, actor=centre_head)
    protocol = services.protocol_create(
        student=case,
        actor=specialist,
        data={
            "date": "2026-10-05",
            "place": "214",
            "agenda": "a",
            "decisions": "d",
            "chair": centre_head,
            "secretary": specialist,
            "discussion": "",
        },
        attendees=[("centre", centre_head, "")],
        measures=[],
    )
    for form in (conclusion_form(conclusion), protocol_form(protocol)):
        with translation.override("kk"):
            html = render_to_string(form.part, form_context(form, "kk"))
        assert "<li>—</li>" not in html and "<p>—</p>" in html, form.part


def test_the_application_is_addressed_to_the_head_in_the_dative(client, student, case):
    """#30, item 16: "Кому: Руководитель ЦПИО", an addressee in the nominative."""
    from tests.helpers import pdf_of, pdf_text

    application = apply_online(student, case, scans=0)
    client.force_login(student)
    response = client.get(reverse("students:application-pdf", args=[application.pk]))
    text = " ".join(pdf_text(pdf_of(response)).split())
    assert "Орталық басшысына" in text and "Кімге:" not in text


def test_a_conclusion_issued_after_midnight_lists_that_days_assessment(
    specialist, centre_head, case
):
    """The Institute's day, not the server's: a conclusion issued at 02:00 in Astana
    (21:00 the day before in UTC, the database's time) rests on the assessment made
    that morning's day too."""
    import datetime
    import zoneinfo

    from django.conf import settings

    local = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    day = datetime.date(2026, 11, 17)
    issued_at = datetime.datetime(2026, 11, 17, 2, 0, tzinfo=local)
    assert issued_at.astimezone(datetime.UTC).date() < day  # the case in question
    services.assessment_create(
        student=case,
        actor=specialist,
        data={"date": day, "method": "Бақылау", "findings": "—", "recommendations": "—"},
    )
    conclusion = services.conclusion_save(
        student=case, actor=specialist, analysis="Талдау", adaptations=[]
    )
    conclusion = services.conclusion_issue(conclusion=conclusion, actor=centre_head)
    type(conclusion).objects.filter(pk=conclusion.pk).update(issued_at=issued_at)
    conclusion.refresh_from_db()  # in UTC, as the database gives it back
    assessments = conclusion_form(conclusion).context["assessments"]
    assert [a.date for a in assessments] == [day]


def test_a_form_is_the_same_pdf_with_the_fonts_kept_between_forms(approved):
    """The fonts' configuration is kept while the thread lives (documents/rendering.py
    `_font_config`; a gunicorn worker's: the process), not made again for every form:
    the PDFs are the same, byte for byte, as WeasyPrint's with a configuration of
    their own."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from documents.rendering import STATIC_DIR, _fetcher_class

    form = route_form(approved)
    write_texts(form, "ru" if form.text_language == "kk" else "kk")
    form = route_form(approved)
    for language in ("kk", "ru"):
        for variant in ("standard", "large"):
            context = {
                **form_context(form, language),
                "verification": verification_for(form.entry),
            }
            html = form_html(
                template=form.template, context=context, language=language, variant=variant
            )
            alone = HTML(
                string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=_fetcher_class()()
            ).write_pdf(pdf_variant="pdf/ua-1", font_config=FontConfiguration())
            kept = [html_to_pdf(html) for _ in range(2)]
            assert [refused for _pdf, refused in kept] == [[], []]
            assert [pdf for pdf, _refused in kept] == [alone, alone], (language, variant)
            assert form.entry.number in PdfReader(io.BytesIO(alone)).pages[0].extract_text()


FONT_HTML = """<html><head><style>
@font-face { font-family: "Form Serif"; src: url("fonts/NotoSerif-Regular.ttf"); }
p { font-family: "Form Serif"; }</style></head><body><p>Сәлем, әлем</p></body></html>"""


def test_the_kept_fonts_leave_no_copies_behind():
    """A thread's configuration goes with the thread, the process's at its exit: none
    leaves its copies of the font files in the temporary folder (runserver answers each
    request in a thread of its own)."""
    import gc
    import os
    import subprocess
    import sys

    from documents import rendering

    folders = []

    def render():
        html_to_pdf(FONT_HTML)
        folders.append(rendering._fonts.config._folder)

    thread = threading.Thread(target=render)
    thread.start()
    thread.join()
    gc.collect()
    (folder,) = folders
    assert folder is not None and not folder.exists()
    assert all(config._folder != folder for config in rendering._font_configs)

    script = (
        "import django; django.setup()\n"
        "from documents import rendering\n"
        "rendering.html_to_pdf(open(0).read())\n"
        "folder = rendering._fonts.config._folder\n"
        "assert folder.exists(); print(folder)\n"
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script],
        input=FONT_HTML,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "eagi_inclusion.settings"},
        cwd=str(rendering.STATIC_DIR.parent),
        check=False,
    )
    assert done.returncode == 0, done.stderr
    left = done.stdout.strip().splitlines()[-1]
    assert left.startswith("/") and not os.path.exists(left)
