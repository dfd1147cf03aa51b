"""Prepare one data-set size: load N students into the (empty) database named by
DATABASE_URL, sign the benchmark's people in, count each page's SQL queries, EXPLAIN
the scoped query and (with --forms) time the official forms; print it all as JSON.
Run by bench/run.py, once per size, each in its own database and process; the pages
are then timed over HTTP by bench/timing.py, every size side by side."""

import argparse
import json
import os
import statistics
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django

django.setup()

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.crypto import get_random_string
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from bench.scale import add_history_and_access_log, generate
from bench.timing import PAGES, resolve
from documents.models import AccessEvent, RegisterEntry
from documents.rendering import form_html, render_pdf
from documents.seal import configured_pkcs12, current_signer, make_demo_seal, seal_pdf
from eagi_inclusion.middleware import SESSION_RENEWED, SESSION_STARTED
from eagi_inclusion.sessions import SessionStore
from routes import services
from routes.casefile import case_items, merged_case_file
from routes.forms_pdf import _route_sections
from routes.models import Route, RouteStatus
from students.models import Student, User
from students.selectors import student_list_visible_to

ROOT = Path(__file__).resolve().parent.parent


def people(made):

    admin, _ = User.objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    return {
        "head": made["head"],
        "specialist": made["specialists"][0],
        "teacher": made["teachers"][0],
        "rector": made["rector"],
        "admin": admin,
    }


# The CSRF cookie a browser holds after its first page: pages kept under the data
# version are kept per browser (eagi_inclusion.data_version.kept), never without one.
CSRF = get_random_string(32)


def session_for(user) -> str:
    """A signed-in, two-factor-verified session, as the sign-in pages would leave it."""
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench")
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[1]  # the model backend
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[SESSION_STARTED] = session[SESSION_RENEWED] = time.time()
    session.create()
    return session.session_key


def query_counts(sessions, targets, pages=PAGES) -> dict:
    """SQL queries per page, in this process, with Django's test client."""
    counts = {}
    for label, path, who in pages:
        client = Client()
        if who:
            client.cookies[settings.SESSION_COOKIE_NAME] = sessions[who]
            client.cookies[settings.CSRF_COOKIE_NAME] = CSRF
        client.get(resolve(path, targets))  # warm the per-process caches (content types)
        if who:
            # The idle timeout is renewed at most once a minute (3 queries then): count
            # the page as it is the other 59 seconds, whatever time the run has taken.
            session = SessionStore(sessions[who])
            session[SESSION_RENEWED] = time.time()
            session.save()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(resolve(path, targets))
        if response.status_code != 200:
            raise RuntimeError(f"{label}: {response.status_code} for {path}")
        counts[label] = len(queries)
    return counts


def pdf_figures(made, targets, *, quick: bool = False) -> dict:
    """Our form service against bare WeasyPrint on the same HTML, and the merged case
    file of a student with 20 registered documents."""
    from weasyprint import HTML

    if configured_pkcs12() is None:
        # A fresh clone has no seal yet: the demo one, as seed_demo makes it, so that the
        # sealing row measures a signature rather than nothing.
        make_demo_seal(Path(settings.SEAL_DEMO_PKCS12))
    route = Route.objects.select_related(
        "approved_by",
        "register_entry",
        "period__academic_year",
        "student__study_group__programme",
    ).get(pk=targets["route_pk"])
    context = {
        "entry": route.register_entry,
        "route": route,
        "sections": _route_sections(route),
        "measures": [],
        "verification": None,
    }

    def ours():
        render_pdf(template="routes/pdf/route.html", context=context, language="kk")

    # The very HTML the service renders (the institution's header, the demo seal's
    # line): until 2026-12-04 the reference was rendered without them.
    html = form_html(template="routes/pdf/route.html", context=context, language="kk")
    static = (ROOT / "static").as_uri() + "/"

    def bare():
        HTML(string=html, base_url=static).write_pdf()

    def bare_tagged():
        # What WeasyPrint alone takes for the PDF/UA-1 tags the service asks for.
        HTML(string=html, base_url=static).write_pdf(pdf_variant="pdf/ua-1")

    def best(function, runs=5):
        function()
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            function()
            samples.append(time.perf_counter() - started)
        return statistics.median(samples)

    def paired(functions, runs):
        """The medians of functions timed in turns, and the median of the rounds'
        ratios of the first to the second, so that a machine that slows
        down during the run slows them alike: timed one after the other on a busy
        machine, the same code measured 1.17x and 1.65x bare WeasyPrint (#32 item 5)."""
        for function in functions:
            function()
        samples = [[] for _ in functions]
        for _ in range(runs):
            for function, times in zip(functions, samples, strict=True):
                started = time.perf_counter()
                function()
                times.append(time.perf_counter() - started)
        ratios = [a / b for a, b in zip(samples[0], samples[1], strict=True)]
        return [statistics.median(times) for times in samples], statistics.median(ratios)

    runs = 1 if quick else 5  # --quick: a smoke run (the test suite's)
    form_runs = 1 if quick else 15
    # The ratio is the median of each round's: the first two ran a few milliseconds
    # apart, so a machine that slows down for a while slows both.
    (ours_s, bare_s, tagged_s), ratio = paired((ours, bare, bare_tagged), form_runs)
    # Sealing is part of issuing, not of rendering: a row of its own (#32).
    rendered = render_pdf(template="routes/pdf/route.html", context=context, language="kk")
    seal_s = best(lambda: seal_pdf(rendered), runs)
    student = route.student
    twenty = _twenty_documents(student, made, 3 if quick else 20)
    items = case_items(student)
    started = time.perf_counter()
    merged_case_file(student, items, actor=made["head"], language="kk")
    cold = time.perf_counter() - started
    started = time.perf_counter()
    pdf = merged_case_file(student, items, actor=made["head"], language="kk")
    warm = time.perf_counter() - started
    return {
        "form_ms": round(1000 * ours_s, 1),
        "bare_weasyprint_ms": round(1000 * bare_s, 1),
        "bare_tagged_ms": round(1000 * tagged_s, 1),
        "form_ratio": round(ratio, 2),
        "form_runs": form_runs,
        "seal_ms": round(1000 * seal_s, 1),
        "sealed": current_signer() is not None,
        "case_file_documents": twenty,
        "case_file_first_s": round(cold, 2),
        "case_file_again_s": round(warm, 2),
        "case_file_bytes": len(pdf),
    }


def verify_figures(targets, *, quick: bool = False) -> dict:
    """The public verification page checking an anonymous upload of the largest size it
    takes: the whole request in this process (multipart parsing, one SHA-256 pass, the
    page), no PDF parsed (#28, finding 2: a 176 KB PDF of 1,000 pages cost 24 s of CPU
    when its text was extracted)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from documents.forms import MAX_VERIFIED_FILE

    route = Route.objects.select_related("register_entry").get(pk=targets["route_pk"])
    url = reverse("documents:verify", args=[route.register_entry.verification_code])
    data = b"%PDF-1.7\n" + os.urandom(MAX_VERIFIED_FILE - 16) + b"\n%%EOF\n"
    samples = []
    for number in range(2 if quick else 6):
        # Each from an address of its own: under the per-address limit.
        client = Client(REMOTE_ADDR=f"10.9.0.{number + 1}", HTTP_ACCEPT_LANGUAGE="en")
        upload = SimpleUploadedFile("received.pdf", data, content_type="application/pdf")
        started = time.perf_counter()
        response = client.post(url, {"pdf": upload})
        samples.append(time.perf_counter() - started)
        if response.status_code != 200 or "differs" not in response.content.decode():
            raise RuntimeError(f"verification of an upload: {response.status_code}")
    return {
        "verify_upload_bytes": len(data),
        "verify_upload_ms": round(1000 * statistics.median(samples[1:]), 1),
    }


def _twenty_documents(student, made, wanted: int = 20) -> int:
    """Signed meeting protocols until the case holds `wanted` (20) registered documents."""
    import datetime

    have = RegisterEntry.objects.filter(student=student).count()
    for n in range(max(0, wanted - have)):
        protocol = services.protocol_create(
            student=student,
            actor=made["head"],
            data={
                "date": datetime.date(2026, 9, 1) + datetime.timedelta(days=n),
                "place": "ИББҚО, 214",
                "chair": made["head"],
                "secretary": None,
                "agenda": "Маршрутты қарау",
                "discussion": "",
                "decisions": "Бекітуге ұсыну",
            },
            attendees=[],
            measures=[],
        )
        services.protocol_sign(protocol=protocol, actor=made["head"])
    return RegisterEntry.objects.filter(student=student).count()


def explain(made) -> dict:

    plan = student_list_visible_to(made["specialists"][0]).explain(analyze=True)
    return {
        "plan": plan,
        "permission_table_seq_scan": "Seq Scan on students_studentuserobjectpermission" in plan,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, required=True)
    parser.add_argument("--forms", action="store_true", help="time the official forms too")
    parser.add_argument("--quick", action="store_true", help="one run of each form (smoke)")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    made = generate(students=args.students, specialist_cases=200)
    extra = add_history_and_access_log(history_per_student=10, events_per_student=50)
    load_s = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    who = people(made)
    specialist = who["specialist"]
    case = Student.objects.filter(assignments__specialist=specialist).order_by("pk").first()
    route = (
        Route.objects.filter(student__assignments__specialist=specialist, status=RouteStatus.ACTIVE)
        .order_by("pk")
        .first()
    )
    targets = {
        "case": case.get_absolute_url(),
        "route": route.get_absolute_url(),
        "route_pk": route.pk,
        "verification": reverse("documents:verify", args=[route.register_entry.verification_code]),
    }
    sessions = {name: session_for(user) for name, user in who.items()}
    result = {
        "students": Student.objects.count(),
        "documents": RegisterEntry.objects.count(),
        "history_rows": extra["history_rows"],
        "access_log_rows": AccessEvent.objects.count(),
        "load_seconds": round(load_s, 1),
        "targets": targets,
        "cookies": {
            name: f"{settings.SESSION_COOKIE_NAME}={key}; {settings.CSRF_COOKIE_NAME}={CSRF}"
            for name, key in sessions.items()
        },
        "queries": query_counts(sessions, targets),
        "explain": explain(made),
    }
    if args.forms:
        result["pdf"] = {
            **pdf_figures(made, targets, quick=args.quick),
            **verify_figures(targets, quick=args.quick),
        }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
