"""Measure one data-set size: load N students into the (empty) database named by
DATABASE_URL, start gunicorn, time the main pages, and print the figures as JSON.
Run by bench/run.py, once per size, each in its own database and process."""

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from eagi_inclusion.middleware import SESSION_RENEWED, SESSION_STARTED  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

# (label, path, who): who is one of the people made below.
PAGES = [
    ("home: centre head", "/", "head"),
    ("home: specialist (200 cases)", "/", "specialist"),
    ("home: teacher", "/", "teacher"),
    ("home: rector's office", "/", "rector"),
    ("student list: head", "/students/", "head"),
    ("student list: head, filtered", "/students/?q=нұрлан&year_of_study=2&o=-group", "head"),
    ("student list: specialist", "/students/", "specialist"),
    ("student list: specialist, filtered", "/students/?q=нұрлан&year_of_study=2", "specialist"),
    ("case page: specialist", "{case}", "specialist"),
    ("case page: head", "{case}", "head"),
    ("route page: specialist", "{route}", "specialist"),
    ("teacher's to-agree page", "/routes/teaching/", "teacher"),
    ("route list: head", "/routes/", "head"),
    ("application list: head", "/students/applications/", "head"),
    ("document register: head", "/documents/register/", "head"),
    ("statistics: rector's office", "/routes/statistics/", "rector"),
    ("admin changelist of students", "/admin/students/student/", "admin"),
    ("minimal view (1 query)", "/bench/minimal/", None),
]


def people(made):
    from students.models import User

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


def resolve(path, targets):
    return path.format(**targets)


def query_counts(sessions, targets, pages=PAGES) -> dict:
    """SQL queries per page, in this process, with Django's test client."""
    counts = {}
    for label, path, who in pages:
        client = Client()
        if who:
            client.cookies[settings.SESSION_COOKIE_NAME] = sessions[who]
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


def _get(conn, path, cookie):
    headers = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}"} if cookie else {}
    started = time.perf_counter()
    conn.request("GET", quote(path, safe="/?&=-_.%"), headers=headers)
    response = conn.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    if response.status != 200:
        raise RuntimeError(f"{path}: HTTP {response.status}")
    return elapsed


def timings(port, path, cookie, *, sequential=40, concurrency=4, per_thread=20) -> dict:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for _ in range(3):
        _get(conn, path, cookie)
    times = sorted(_get(conn, path, cookie) for _ in range(sequential))
    conn.close()

    def worker():
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for _ in range(per_thread):
            _get(c, path, cookie)
        c.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {
        "p50_ms": round(1000 * statistics.median(times), 1),
        "p95_ms": round(1000 * times[int(0.95 * len(times)) - 1], 1),
        "rps": round(concurrency * per_thread / elapsed, 1),
    }


def start_gunicorn(port, workers):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    process = subprocess.Popen(  # noqa: S603 - our own fixed command line
        [
            sys.executable,
            "-m",
            "gunicorn",
            "eagi_inclusion.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not start")


def worker_peak_memory_mb(master_pid) -> float:
    peaks = []
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    for pid in children.read_text().split() if children.exists() else []:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) / 1024)
    return round(max(peaks, default=0), 1)


def pdf_figures(made, targets) -> dict:
    """Our form service against bare WeasyPrint on the same HTML, and the merged case
    file of a student with 20 registered documents."""
    from django.template.loader import render_to_string
    from django.utils import translation
    from weasyprint import HTML

    from documents.rendering import render_pdf
    from routes.casefile import case_items, merged_case_file
    from routes.forms_pdf import _route_sections
    from routes.models import Route

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
        render_pdf(template="documents/pdf/route.html", context=context, language="kk")

    with translation.override("kk"):
        html = render_to_string(
            "documents/pdf/route.html", {**context, "language": "kk", "large_print": False}
        )
    static = (ROOT / "static").as_uri() + "/"

    def bare():
        HTML(string=html, base_url=static).write_pdf()

    def best(function, runs=5):
        function()
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            function()
            samples.append(time.perf_counter() - started)
        return statistics.median(samples)

    ours_s, bare_s = best(ours), best(bare)
    student = route.student
    twenty = _twenty_documents(student, made)
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
        "form_ratio": round(ours_s / bare_s, 2),
        "case_file_documents": twenty,
        "case_file_first_s": round(cold, 2),
        "case_file_again_s": round(warm, 2),
        "case_file_bytes": len(pdf),
    }


def _twenty_documents(student, made) -> int:
    """Signed meeting protocols until the case holds 20 registered documents."""
    import datetime

    from documents.models import RegisterEntry
    from routes import services

    have = RegisterEntry.objects.filter(student=student).count()
    for n in range(max(0, 20 - have)):
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
    from students.selectors import student_list_visible_to

    plan = student_list_visible_to(made["specialists"][0]).explain(analyze=True)
    return {
        "plan": plan,
        "permission_table_seq_scan": "Seq Scan on students_studentuserobjectpermission" in plan,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, required=True)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--quick", action="store_true", help="fewer requests (smoke run)")
    args = parser.parse_args()

    from routes.models import Route, RouteStatus
    from routes.scale import add_history_and_access_log, generate
    from students.models import Student

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
    }
    sessions = {name: session_for(user) for name, user in who.items()}
    counts = query_counts(sessions, targets)
    process = start_gunicorn(args.port, args.workers)
    pages = {}
    try:
        for label, path, name in PAGES:
            figures = timings(
                args.port,
                resolve(path, targets),
                sessions.get(name),
                sequential=15 if args.quick else 40,
                per_thread=5 if args.quick else 20,
            )
            pages[label] = {"queries": counts[label], **figures}
        memory = worker_peak_memory_mb(process.pid)
    finally:
        process.terminate()
        process.wait(timeout=30)
    from documents.models import AccessEvent, RegisterEntry

    result = {
        "students": Student.objects.count(),
        "documents": RegisterEntry.objects.count(),
        "history_rows": extra["history_rows"],
        "access_log_rows": AccessEvent.objects.count(),
        "load_seconds": round(load_s, 1),
        "pages": pages,
        "worker_peak_mb": memory,
        "pdf": pdf_figures(made, targets),
        "explain": explain(made),
    }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
