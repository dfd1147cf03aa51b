"""Where a page's time goes (#32: "profile before changing"): the pages people open first,
requested in-process through the whole middleware stack with a signed-in session, on
a data set made like the benchmark's. For each page: the median request, its SQL (time
and count, measured at the database driver), its template rendering (cProfile's
cumulative time of the outermost Template.render) and the rest (middleware, views,
Python), and the functions that take most of it.

    DATABASE_URL=postgres://…/fresh_db DJANGO_SETTINGS_MODULE=bench.settings \\
        python -m bench.profile --students 1000

The database must be empty: the data set is made in it. Writes nothing but stdout."""

import argparse
import cProfile
import io
import pstats
import statistics
import time

import django

django.setup()

from django.conf import settings  # noqa: E402 - after django.setup()
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench import timing  # noqa: E402
from bench.measure import CSRF, people, session_for  # noqa: E402
from bench.scale import generate  # noqa: E402
from routes.models import Route, RouteStatus  # noqa: E402
from students.models import Student  # noqa: E402

# The first pages of #32 and the two references, as the benchmark names and requests them.
PROFILED = (
    "home: specialist (200 cases)",
    "home: specialist, after a change",
    "home: teacher",
    "home: teacher, after a change",
    "route page: specialist",
    "route page: specialist, after a change",
    "case page: specialist, after a change",
    "case page: head",
    "student list: head",
    "signed-in empty page (floor)",
    "minimal view (1 query)",
)
PAGES = sorted(
    (page for page in timing.PAGES if page[0] in PROFILED), key=lambda p: PROFILED.index(p[0])
)


class SqlClock:
    def __init__(self):
        self.seconds = 0.0
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1


def _template_seconds(stats: pstats.Stats) -> float:
    for (filename, _line, name), row in stats.stats.items():
        if name == "render" and filename.endswith("django/template/base.py"):
            cumulative = row[3]
            if cumulative:
                return cumulative
    return 0.0


def profile_page(client: Client, path: str, requests: int) -> dict:
    for _ in range(3):  # warm: caches, compiled templates, connections
        assert client.get(path).status_code == 200, path
    times, sql_times, counts = [], [], []
    profiler = cProfile.Profile()
    for _ in range(requests):
        clock = SqlClock()
        with connection.execute_wrapper(clock):
            started = time.perf_counter()
            response = client.get(path)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, path
        sql_times.append(clock.seconds)
        counts.append(clock.count)
    # cProfile slows everything down: it is run apart, for the shares only.
    profiler.enable()
    for _ in range(requests):
        client.get(path)
    profiler.disable()
    stats = pstats.Stats(profiler)
    profiled_total = sum(row[2] for row in stats.stats.values())  # all own time
    template_share = _template_seconds(stats) / profiled_total if profiled_total else 0
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(8)
    median = statistics.median(times)
    sql = statistics.median(sql_times)
    return {
        "ms": round(median * 1000, 1),
        "sql_ms": round(sql * 1000, 1),
        "queries": max(counts),
        "templates_share": round(template_share, 2),
        "top": out.getvalue(),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--top", action="store_true", help="print each page's top functions")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    made = generate(students=args.students, specialist_cases=200)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
    who = people(made)
    specialist = who["specialist"]
    targets = {
        "case": Student.objects.filter(assignments__specialist=specialist)
        .order_by("pk")
        .first()
        .get_absolute_url(),
        "route": Route.objects.filter(
            student__assignments__specialist=specialist, status=RouteStatus.ACTIVE
        )
        .order_by("pk")
        .first()
        .get_absolute_url(),
    }
    print(f"{args.students} students, {connection.vendor}, {args.requests} requests a page\n")
    print("| page | median ms | SQL ms | queries | templates | the rest |")
    print("|---|---|---|---|---|---|")
    tops = []
    for name, path, role in PAGES:
        client = Client()
        if role:
            client.cookies[settings.SESSION_COOKIE_NAME] = session_for(who[role])
            client.cookies[settings.CSRF_COOKIE_NAME] = CSRF
        result = profile_page(client, path.format(**targets), args.requests)
        templates_ms = result["templates_share"] * result["ms"]
        rest = max(result["ms"] - result["sql_ms"] - templates_ms, 0)
        print(
            f"| {name} | {result['ms']} | {result['sql_ms']} | {result['queries']} | "
            f"{templates_ms:.1f} | {rest:.1f} |"
        )
        tops.append((name, result["top"]))
    if args.top:
        for name, top in tops:
            print(f"\n## {name}\n{top}")


if __name__ == "__main__":
    main()
