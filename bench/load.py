"""A mixed load of every role against gunicorn and PostgreSQL for a set time, then the
data's invariants. Run by `bash scripts/load.sh` (a throwaway PostgreSQL):

    bash scripts/load.sh --users 50 --minutes 10
    bash scripts/load.sh --users 50 --minutes 3 --restart-db-at 60

Students browse and apply with an upload; specialists browse their cases and edit
drafts; teachers agree their sections; the rector's office approves; the head reads
lists and statistics and downloads forms. Every response is counted by status; a 5xx
outside a deliberate database restart, or a broken invariant, fails the run.
"""

import argparse
import http.client
import io
import os
import random
import re
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django

django.setup()

from django.core.management import call_command

from bench.measure import session_for
from bench.scale import generate
from bench.timing import Server
from eagi_inclusion.roles import Role
from routes.models import Route, RouteCourseSection, RouteStatus
from students.models import Student, User
from workspace.invariants import check_all

SERVER_ERRORS: list[float] = []  # when each 5xx response came
SERVER_ERRORS_LOCK = threading.Lock()
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


class Browser:
    """One person's cookies and requests, on its own keep-alive connection."""

    def __init__(self, port, session_key):
        self.port = port
        self.cookies = {"sessionid": session_key}
        self.conn = None

    def _request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in range(2):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.conn = None
                if attempt:
                    raise
        if response.status >= 500:
            with SERVER_ERRORS_LOCK:
                SERVER_ERRORS.append(time.monotonic())
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, data.decode("utf-8", "replace")

    def get(self, path):
        return self._request("GET", path)

    def post(self, path, fields, files=None):
        boundary = uuid.uuid4().hex
        body = io.BytesIO()
        for name, value in fields.items():
            body.write(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        for name, (filename, content, content_type) in (files or {}).items():
            body.write(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
            )
            body.write(content + b"\r\n")
        body.write(f"--{boundary}--\r\n".encode())
        return self._request(
            "POST",
            path,
            body=body.getvalue(),
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Referer": f"http://127.0.0.1:{self.port}{path}",
            },
        )

    def form(self, path):
        """GET a form page; return its hidden fields (CSRF token included)."""
        status, html = self.get(path)
        fields = dict(HIDDEN.findall(html))
        token = TOKEN.search(html)
        if token:
            fields["csrfmiddlewaretoken"] = token.group(1)
        return status, html, fields


def png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def prepare(students: int) -> dict:

    call_command("migrate", verbosity=0)
    made = generate(students=students, specialist_cases=100)
    group = User.objects.model._meta.apps.get_model("auth", "Group").objects.get(name=Role.STUDENT)
    applicants = []
    for record in Student.objects.filter(user__isnull=True).order_by("pk")[:40]:
        user = User.objects.create(
            username=f"load-student-{record.pk}",
            first_name=record.first_name,
            last_name=record.last_name,
            email=f"load-{record.pk}@scale.invalid",
        )
        user.groups.add(group)
        record.user = user
        record.save(update_fields=["user"])
        applicants.append((user, record))
    sections = list(
        RouteCourseSection.objects.filter(route__status=RouteStatus.AGREEMENT).values_list(
            "pk", "teacher_id"
        )
    )
    return {
        "made": made,
        "applicants": applicants,
        "approval": list(
            Route.objects.filter(status=RouteStatus.APPROVAL).values_list("pk", flat=True)
        ),
        "drafts": list(
            Route.objects.filter(status=RouteStatus.DRAFT).values_list("pk", "created_by_id")
        ),
        "sections": sections,
        "active": list(
            Route.objects.filter(status=RouteStatus.ACTIVE).values_list("pk", flat=True)[:200]
        ),
        "cases": {
            s.pk: list(
                Student.objects.filter(assignments__specialist=s).values_list("pk", flat=True)[:50]
            )
            for s in made["specialists"]
        },
    }


def student_work(browser, user, record, tally, image):
    tally[browser.get("/")[0]] += 1
    tally[browser.get("/students/applications/")[0]] += 1
    if random.random() < 0.3:
        status, _html, fields = browser.form("/students/applications/new/")
        tally[status] += 1
        fields.update(
            {
                "student": record.pk,
                "difficulties": "Көру қабілетінің бұзылуы, ұсақ мәтінді оқу қиын",
                "conditions_requested": "Үлкен қаріп, қосымша уақыт",
                "preferred_contact": "email",
                "contact_detail": "",
                "document_language": "kk",
                "consent": "on",
            }
        )
        status, _ = browser.post(
            "/students/applications/new/",
            fields,
            files={"files_other": ("scan.png", image, "image/png")},
        )
        tally[status] += 1


def specialist_work(browser, cases, drafts, tally):
    tally[browser.get("/")[0]] += 1
    tally[browser.get("/students/?o=-group")[0]] += 1
    if cases:
        tally[browser.get(f"/students/{random.choice(cases)}/")[0]] += 1
    tally[browser.get("/routes/?status=draft")[0]] += 1
    if drafts:
        route = random.choice(drafts)
        status, _html, fields = browser.form(f"/routes/{route}/edit/")
        tally[status] += 1
        if status == 200:
            fields["special_conditions"] = f"Жаңартылды {time.time():.0f}"
            fields["individual_schedule"] = ""
            fields["special_methods"] = ""
            fields["review_date"] = ""
            tally[browser.post(f"/routes/{route}/edit/", fields)[0]] += 1


def teacher_work(browser, sections, tally):
    tally[browser.get("/routes/teaching/")[0]] += 1
    if sections:
        section = sections.pop() if random.random() < 0.5 else random.choice(sections or [0])
        if section:
            status, _html, fields = browser.form(f"/routes/sections/{section}/agree/")
            tally[status] += 1
            if "csrfmiddlewaretoken" in fields:
                fields["comment"] = ""
                tally[browser.post(f"/routes/sections/{section}/agree/", fields)[0]] += 1


def rector_work(browser, approval, tally):
    tally[browser.get("/")[0]] += 1
    if approval:
        route = random.choice(approval)
        status, _html, fields = browser.form(f"/routes/{route}/do/approve/")
        tally[status] += 1
        if "csrfmiddlewaretoken" in fields:
            fields["comment"] = ""
            tally[browser.post(f"/routes/{route}/do/approve/", fields)[0]] += 1


def head_work(browser, active, tally):
    tally[browser.get("/routes/statistics/")[0]] += 1
    tally[browser.get("/students/applications/?status=registered")[0]] += 1
    tally[browser.get("/documents/register/")[0]] += 1
    if active and random.random() < 0.2:
        tally[browser.get(f"/routes/{random.choice(active)}/pdf/?language=kk")[0]] += 1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument(
        "--port", type=int, default=None, help="first server's port (default: any free port)"
    )
    parser.add_argument(
        "--servers", type=int, default=1, help="gunicorn instances; users alternate between them"
    )
    parser.add_argument("--restart-db-at", type=float, default=None, help="seconds into the run")
    args = parser.parse_args()

    from django.db import connection

    world = prepare(args.students)
    made = world["made"]
    teachers = {t.pk: t for t in made["teachers"]}
    by_teacher = {}
    for section, teacher in world["sections"]:
        by_teacher.setdefault(teacher, []).append(section)
    sessions = {}

    def session(user):
        if user.pk not in sessions:
            sessions[user.pk] = session_for(user)
        return sessions[user.pk]

    people = []
    for n in range(args.users):
        kind = ["student", "student", "specialist", "specialist", "teacher", "rector", "head"][
            n % 7
        ]
        if kind == "student":
            user, record = world["applicants"][n % len(world["applicants"])]
            people.append((kind, session(user), (user, record)))
        elif kind == "specialist":
            specialist = made["specialists"][n % len(made["specialists"])]
            drafts = [r for r, owner in world["drafts"] if owner == specialist.pk]
            people.append((kind, session(specialist), (world["cases"][specialist.pk], drafts)))
        elif kind == "teacher":
            teacher_id = list(by_teacher)[n % len(by_teacher)] if by_teacher else None
            teacher = teachers.get(teacher_id, made["teachers"][0])
            people.append((kind, session(teacher), by_teacher.get(teacher_id, [])))
        elif kind == "rector":
            people.append((kind, session(made["rector"]), world["approval"]))
        else:
            people.append((kind, session(made["head"]), world["active"]))
    connection.close()

    image = png()
    servers = [
        Server(
            port=args.port + n if args.port else None,
            database_url=os.environ["DATABASE_URL"],
            workers=args.workers,
        )
        for n in range(args.servers)
    ]
    # The queued work (e-mails) runs in a worker process, as in production.
    task_worker = subprocess.Popen(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "db_worker", "--interval", "1", "--no-startup-delay"],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60 * args.minutes
    started = time.monotonic()
    tallies, failures, lock = [], [], threading.Lock()
    outage = {"from": None, "to": None}

    def virtual_user(n, kind, key, data):
        browser, tally = Browser(servers[n % len(servers)].port, key), Counter()
        with lock:
            tallies.append(tally)
        while time.monotonic() < deadline:
            try:
                if kind == "student":
                    student_work(browser, *data, tally, image)
                elif kind == "specialist":
                    specialist_work(browser, *data, tally)
                elif kind == "teacher":
                    teacher_work(browser, data, tally)
                elif kind == "rector":
                    rector_work(browser, data, tally)
                else:
                    head_work(browser, data, tally)
            except (OSError, http.client.HTTPException) as error:
                tally["connection error"] += 1
                with lock:
                    failures.append((time.monotonic() - started, kind, repr(error)))
                time.sleep(0.5)

    threads = [
        threading.Thread(target=virtual_user, args=(n, *person)) for n, person in enumerate(people)
    ]
    for thread in threads:
        thread.start()
    if args.restart_db_at is not None:
        time.sleep(args.restart_db_at)
        outage["from"] = time.monotonic() - started
        data_dir = os.environ["PGDATA_DIR"]
        # -l: the restarted server logs to its file; without it, it would keep this
        # script's output pipes open and the run would never end.
        subprocess.run(  # noqa: S603 - pg_ctl of the throwaway server started by load.sh
            [
                *os.environ.get("AS_PG", "").split(),
                f"{os.environ['PG_BIN']}/pg_ctl",
                "-D",
                f"{data_dir}/data",
                "-l",
                f"{data_dir}/server.log",
                "-m",
                "fast",
                "-w",
                "restart",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        outage["to"] = time.monotonic() - started
    for thread in threads:
        thread.join()
    for server in servers:
        server.stop()
    task_worker.terminate()
    task_worker.wait(timeout=60)
    # What the worker had not reached yet runs now, so the invariants see it done.
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    total = Counter()
    for tally in tallies:
        total.update(tally)
    problems = check_all()
    print(
        f"{args.users} users for {args.minutes} min, {args.servers} server(s) of "
        f"{args.workers} gunicorn workers, cache {os.environ.get('CACHE_URL', '-')}"
    )
    print("responses:", dict(sorted(total.items(), key=str)))
    print("requests per second:", round(sum(total.values()) / (60 * args.minutes), 1))
    errors_at = [t - started for t in SERVER_ERRORS]
    late = errors_at
    if outage["from"] is not None:
        print(f"database restarted from {outage['from']:.1f} s to {outage['to']:.1f} s")
        late = [t for t in errors_at if t > outage["to"] + 10 or t < outage["from"]]
        during = [t for t in errors_at if t not in late]
        print(f"5xx while the database was down or coming back: {len(during)}")
        if during:
            print(f"the last of them {max(during) - outage['to']:.1f} s after the restart ended")
        print(f"5xx outside the outage: {len(late)}")
    print("invariants:", "all hold" if not problems else problems[:20])
    ok = not problems and not late
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
