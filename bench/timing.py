"""Timing the pages over HTTP, with no Django in this process: the page list, gunicorn
servers (one per data set), and the interleaved measurement that compares sizes.

A single run on a shared 2-core machine drifts by 20-30 % within a minute, which is
more than the growth the benchmark looks for. So the sizes are measured side by side:
each data set has its own server, the sequential requests alternate between them one
by one, and the concurrent bursts alternate round by round. Whatever the machine does
meanwhile falls on both sizes alike."""

import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlparse

ROOT = Path(__file__).resolve().parent.parent

# (label, path, who): who is one of the people bench/measure.py signs in.
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
    # The first pages computed, as the first visit after any write finds them: the rows
    # above are the later visits, which find them kept (eagi_inclusion/data_version.py).
    ("home: specialist, after a change", "/?after-a-change", "specialist"),
    ("home: teacher, after a change", "/?after-a-change", "teacher"),
    ("case page: specialist, after a change", "{case}?after-a-change", "specialist"),
    ("route page: specialist, after a change", "{route}?after-a-change", "specialist"),
    ("teacher's to-agree page", "/routes/teaching/", "teacher"),
    ("route list: head", "/routes/", "head"),
    ("application list: head", "/students/applications/", "head"),
    ("document register: head", "/documents/register/", "head"),
    ("statistics: rector's office", "/routes/statistics/", "rector"),
    ("public verification page", "{verification}", None),
    # References, measured on the same data in the same run.
    ("signed-in empty page (floor)", "/bench/signed-in/", "head"),
    ("admin changelist of students", "/admin/students/student/", "admin"),
    ("minimal view (1 query)", "/bench/minimal/", None),
]
REFERENCES = {
    "signed-in empty page (floor)",
    "admin changelist of students",
    "minimal view (1 query)",
}
MINIMAL, FLOOR, ADMIN = (
    "minimal view (1 query)",
    "signed-in empty page (floor)",
    ("admin changelist of students"),
)


def companions(label: str) -> list[str]:
    """The references measured in the same rounds as the page `label` (on the smallest
    data set), so that its share of them holds on a busy machine (#32): the one-query
    view and the floor for every page, Django admin's changelist for the head's list."""
    if label == MINIMAL:
        return []
    if label in {FLOOR, ADMIN}:
        return [MINIMAL]
    return [MINIMAL, FLOOR, *([ADMIN] if label.startswith("student list: head") else [])]


def resolve(path: str, targets: dict) -> str:
    return path.format(**targets)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn serving one data set (its database) on its own port."""

    def __init__(self, *, database_url: str, workers: int, port: int | None = None):
        # A free port unless one is named: a fixed one (8765) once made a run measure
        # another process's server that happened to hold it.
        self.port = port = port or free_port()
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            # Every request comes from 127.0.0.1: the public verification page's limit
            # per address (30 in 10 minutes) would answer 429 from the 31st on. The
            # page is measured, not its limiter.
            "VERIFY_RATE_LIMIT": "100000000",
        }
        # Each data set its own cache, as each production database has: what is kept
        # for user 5 of one data set (the signed-in user, the home page) is not user 5's
        # of another.
        cache_url = os.environ.get("CACHE_URL", "")
        if cache_url.startswith("file://"):
            env["CACHE_URL"] = f"{cache_url.rstrip('/')}/{urlparse(database_url).path.strip('/')}"
        self.process = subprocess.Popen(  # noqa: S603 - our own fixed command line
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
        for _ in range(150):
            # Still running means it holds the port: gunicorn exits when it cannot bind,
            # so an answer on the port is this server's, not someone else's.
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited at start (port {port} taken?)")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def worker_peak_memory_mb(self) -> float:
        peaks = []
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children")
        for child in children.read_text().split() if children.exists() else []:
            for line in Path(f"/proc/{child}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
        return round(max(peaks, default=0), 1)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def get(conn, path: str, cookie: str | None) -> float:
    headers = {"Cookie": cookie} if cookie else {}
    started = time.perf_counter()
    conn.request("GET", quote(path, safe="/?&=-_.%"), headers=headers)
    response = conn.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    if response.status != 200:
        raise RuntimeError(f"{path}: HTTP {response.status}")
    return elapsed


def _burst(server: Server, path: str, cookie, concurrency: int, per_thread: int) -> float:
    """Requests per second of `concurrency` clients sending `per_thread` each."""

    def client():
        conn = server.connection()
        for _ in range(per_thread):
            get(conn, path, cookie)
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return concurrency * per_thread / (time.perf_counter() - started)


def interleaved(
    targets: list[tuple[Server, str, str | None]],
    *,
    sequential: int = 200,
    rounds: int = 5,
    concurrency: int = 4,
    per_thread: int = 10,
    warm: int = 5,
) -> list[dict]:
    """Figures for the same page on each server: `sequential` requests to each,
    alternating one by one (p50, p95), and `rounds` bursts of concurrent clients,
    alternating round by round (req/s: the median round)."""
    connections = [server.connection() for server, _path, _cookie in targets]
    for conn, (_server, path, cookie) in zip(connections, targets, strict=True):
        for _ in range(warm):
            get(conn, path, cookie)
    samples = [[] for _ in targets]
    for _ in range(sequential):
        for n, (conn, (_server, path, cookie)) in enumerate(zip(connections, targets, strict=True)):
            samples[n].append(get(conn, path, cookie))
    for conn in connections:
        conn.close()
    bursts = [[] for _ in targets]
    for round_ in range(rounds):
        order = list(enumerate(targets))
        if round_ % 2:
            order.reverse()
        for n, (server, path, cookie) in order:
            bursts[n].append(_burst(server, path, cookie, concurrency, per_thread))
    figures = []
    for times, rates in zip(samples, bursts, strict=True):
        times.sort()
        figures.append(
            {
                "p50_ms": round(1000 * statistics.median(times), 1),
                "p95_ms": round(1000 * times[int(0.95 * len(times)) - 1], 1),
                "rps": round(statistics.median(rates), 1),
            }
        )
    return figures
