"""The performance benchmark: for each data-set size, a fresh PostgreSQL database with
N students loaded in bulk (bench/measure.py), then one gunicorn per database and the
main pages timed with the sizes side by side (bench/timing.py). Prints a table and
writes docs/performance.md. Run it with `bash scripts/bench.sh` (which starts a
throwaway PostgreSQL server); `--sizes 1000 20000` by default."""

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import psycopg

from bench.timing import (
    ADMIN,
    FLOOR,
    MINIMAL,
    PAGES,
    REFERENCES,
    Server,
    companions,
    interleaved,
    resolve,
)

ROOT = Path(__file__).resolve().parent.parent
FIRST_PAGES = (
    "home: specialist (200 cases)",
    "home: teacher",
    "route page: specialist",
    "case page: specialist",
    "case page: head",
)
MARKER = "<!-- Written by hand from here on: bench/run.py keeps it. -->"
TARGETS = {
    "max_queries": 12,
    "p95_ms": 100,
    "growth": 1.2,
    "vs_admin": 4.0,
    "vs_minimal": 0.25,
    # #32: the floor, and the pages opened first every morning, as shares of the
    # one-query view's throughput measured in the same rounds.
    "floor_vs_minimal": 0.6,
    "first_pages_vs_minimal": 0.15,
    "pdf_ratio": 1.2,
    # The median of a 2-page route form once WeasyPrint is loaded (was a test in the
    # suite, where a busy machine made it fail: wall-clock limits live here).
    "form_ms": 300,
    "case_file_s": 2.0,  # cold: the first case file in the process
    "public_page_ms": 100,
    # The public verification page checking the largest upload it takes (one hash).
    "verify_upload_ms": 500,
}


def _database_url(name: str) -> str:
    base = urlparse(os.environ["DATABASE_URL"])
    return urlunparse(base._replace(path=f"/{name}"))


def _fresh_database(name: str) -> str:
    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return _database_url(name)


def prepare(students: int, forms: bool, quick: bool = False) -> dict:
    url = _fresh_database(f"bench_{students}")
    command = [sys.executable, "-m", "bench.measure", "--students", str(students)]
    if forms:
        command.append("--forms")
    if quick:
        command.append("--quick")
    started = time.perf_counter()
    result = subprocess.run(  # noqa: S603 - our own fixed command line
        command,
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "bench.settings"},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        raise SystemExit(f"preparing {students} students failed")
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    figures["database_url"] = url
    figures["wall_seconds"] = round(time.perf_counter() - started, 1)
    return figures


def time_pages(runs: dict, *, workers: int, quick: bool) -> None:
    """Every page at every size, side by side; adds runs[size]["pages"] and the
    workers' peak memory."""
    sizes = sorted(runs)
    servers = {
        size: Server(database_url=runs[size]["database_url"], workers=workers) for size in sizes
    }
    try:
        for size in sizes:
            runs[size]["pages"] = {}
        references = {label: (path, who) for label, path, who in PAGES}
        smallest = sizes[0]
        for label, path, who in PAGES:
            # The page at every size, then its references on the smallest data set, all
            # in the same rounds: the shares below are of figures taken side by side.
            others = companions(label)
            figures = interleaved(
                [
                    (
                        servers[size],
                        resolve(path, runs[size]["targets"]),
                        runs[size]["cookies"].get(who),
                    )
                    for size in sizes
                ]
                + [
                    (
                        servers[smallest],
                        resolve(references[other][0], runs[smallest]["targets"]),
                        runs[smallest]["cookies"].get(references[other][1]),
                    )
                    for other in others
                ],
                # --quick (the suite's smoke run): every step once, no figures to keep.
                sequential=3 if quick else 200,
                rounds=1 if quick else 5,
                per_thread=1 if quick else 10,
                warm=1 if quick else 5,
            )
            mates = dict(zip(others, figures[len(sizes) :], strict=True))
            for size, page in zip(sizes, figures[: len(sizes)], strict=True):
                shares = {other: page["rps"] / max(mates[other]["rps"], 0.1) for other in others}
                if label == MINIMAL:
                    shares[MINIMAL] = 1.0
                runs[size]["pages"][label] = {
                    "queries": runs[size]["queries"][label],
                    **page,
                    "share": shares,
                }
            print(f"  {label}: " + ", ".join(f"{f['p95_ms']} ms" for f in figures), flush=True)
        for size in sizes:
            runs[size]["worker_peak_mb"] = servers[size].worker_peak_memory_mb()
    finally:
        for server in servers.values():
            server.stop()


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        int(line.split()[1]) // 1024
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
        postgres = conn.execute("SHOW server_version").fetchone()[0]
    return {
        "cpu": f"{cpu}, {os.cpu_count()} cores",
        "memory_mb": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": version("django"),
        "postgresql": postgres,
        "weasyprint": version("weasyprint"),
        "gunicorn": version("gunicorn"),
    }


def verdicts(runs: dict) -> list[tuple[str, bool, str]]:
    # The targets are set at 1,000 and 20,000 students; a larger size is extra.
    small = runs.get(1000, runs[min(runs)])
    large = runs.get(20000, runs[max(runs)])
    pages = large["pages"]
    ours = {k: v for k, v in pages.items() if k not in REFERENCES}
    worst_queries = max(
        v["queries"] for run in runs.values() for k, v in run["pages"].items() if k in ours
    )
    same_queries = all(
        run["pages"][k]["queries"] == v["queries"] for run in runs.values() for k, v in ours.items()
    )
    worst_p95 = max(ours.items(), key=lambda kv: kv[1]["p95_ms"])
    growth = max(
        ours.items(), key=lambda kv: kv[1]["p95_ms"] / max(small["pages"][kv[0]]["p95_ms"], 0.1)
    )
    growth_ratio = growth[1]["p95_ms"] / max(small["pages"][growth[0]]["p95_ms"], 0.1)
    head_list = pages["student list: head"]["share"]
    floor = small["pages"][FLOOR]["share"][MINIMAL]
    slowest_first = min(FIRST_PAGES, key=lambda label: pages[label]["share"][MINIMAL])
    slowest_computed = min(
        (label for label in pages if label.endswith(", after a change")),
        key=lambda label: pages[label]["share"][MINIMAL],
    )
    public = pages["public verification page"]
    pdf = runs[max(runs)]["pdf"]
    return [
        (
            f"≤ {TARGETS['max_queries']} queries on every page, the same at every size",
            worst_queries <= TARGETS["max_queries"] and same_queries,
            f"at most {worst_queries}; same at every size: {'yes' if same_queries else 'no'}",
        ),
        (
            f"p95 ≤ {TARGETS['p95_ms']} ms at {large['students']} students",
            worst_p95[1]["p95_ms"] <= TARGETS["p95_ms"],
            f"slowest: {worst_p95[0]}, {worst_p95[1]['p95_ms']} ms",
        ),
        (
            f"p95 growth ≤ {TARGETS['growth']}× from {small['students']} students",
            growth_ratio <= TARGETS["growth"],
            f"largest: {growth[0]}, {growth_ratio:.2f}×",
        ),
        (
            f"the floor ≥ {TARGETS['floor_vs_minimal']:.0%} of the one-query view's throughput",
            floor >= TARGETS["floor_vs_minimal"],
            f"{floor:.0%} (same rounds)",
        ),
        (
            f"homes of the specialist and the teacher, the route and case pages, as later "
            f"visits find them (kept), ≥ {TARGETS['first_pages_vs_minimal']:.0%} of the "
            "one-query view's",
            pages[slowest_first]["share"][MINIMAL] >= TARGETS["first_pages_vs_minimal"],
            f"lowest: {slowest_first}, {pages[slowest_first]['share'][MINIMAL]:.0%} "
            f"(same rounds, {large['students']:,} students)",
        ),
        (
            f"the same computed, as the first visit after a write finds them, ≥ "
            f"{TARGETS['first_pages_vs_minimal']:.0%} of the one-query view's",
            pages[slowest_computed]["share"][MINIMAL] >= TARGETS["first_pages_vs_minimal"],
            f"lowest: {slowest_computed}, {pages[slowest_computed]['share'][MINIMAL]:.0%} "
            f"(same rounds, {large['students']:,} students)",
        ),
        (
            f"head's student list ≥ {TARGETS['vs_admin']:.0f}× the admin changelist's throughput",
            head_list[ADMIN] >= TARGETS["vs_admin"],
            f"{head_list[ADMIN]:.2f}× (same rounds)",
        ),
        (
            f"head's student list ≥ {TARGETS['vs_minimal']:.0%} of the one-query view's throughput",
            head_list[MINIMAL] >= TARGETS["vs_minimal"],
            f"{head_list[MINIMAL]:.0%} (same rounds)",
        ),
        (
            f"public verification page p95 ≤ {TARGETS['public_page_ms']} ms",
            public["p95_ms"] <= TARGETS["public_page_ms"],
            f"{public['p95_ms']} ms, {public['share'][MINIMAL]:.0%} of the one-query view",
        ),
        (
            f"form PDF ≤ {TARGETS['pdf_ratio']}× bare WeasyPrint (rendering; the seal apart)",
            pdf["form_ratio"] <= TARGETS["pdf_ratio"],
            f"{pdf['form_ratio']}× ({pdf['form_ms']} vs {pdf['bare_weasyprint_ms']} ms); "
            f"sealing: {pdf['seal_ms']} ms" + ("" if pdf["sealed"] else " (no seal configured)"),
        ),
        (
            f"form PDF median ≤ {TARGETS['form_ms']} ms",
            pdf["form_ms"] <= TARGETS["form_ms"],
            f"{pdf['form_ms']} ms",
        ),
        (
            f"{pdf['case_file_documents']}-document case file, cold, ≤ {TARGETS['case_file_s']} s",
            pdf["case_file_first_s"] <= TARGETS["case_file_s"],
            f"{pdf['case_file_first_s']} s the first time in the process (one tagged "
            f"WeasyPrint pass over every form); {pdf['case_file_again_s']} s again",
        ),
        (
            f"verification of a {pdf['verify_upload_bytes'] // 2**20} MB upload "
            f"≤ {TARGETS['verify_upload_ms']} ms",
            pdf["verify_upload_ms"] <= TARGETS["verify_upload_ms"],
            f"{pdf['verify_upload_ms']} ms (one SHA-256 pass, no PDF parsed)",
        ),
        (
            "scoped student query: no sequential scan of the permission table",
            not large["explain"]["permission_table_seq_scan"],
            "EXPLAIN ANALYZE below",
        ),
    ]


def report(runs: dict, info: dict, command: str, workers: int) -> str:
    sizes = sorted(runs)
    lines = [
        "# Performance",
        "",
        f"Measured on {time.strftime('%Y-%m-%d')} with `{command}` "
        f"(a throwaway PostgreSQL, the app under gunicorn with {workers} workers per data "
        "set, production settings).",
        "",
        "## Machine and versions",
        "",
        *[f"- {key}: {value}" for key, value in info.items()],
        "",
        "## Data sets",
        "",
        "| students | registered documents | history rows | access-log rows | load time |",
        "|---:|---:|---:|---:|---:|",
        *[
            f"| {runs[n]['students']:,} | {runs[n]['documents']:,} | {runs[n]['history_rows']:,} "
            f"| {runs[n]['access_log_rows']:,} | {runs[n]['load_seconds']} s |"
            for n in sizes
        ],
        "",
        "## Pages",
        "",
        "Queries: SQL queries of one request (session and two-factor checks included). "
        "p50/p95: latency of 200 sequential requests per size, the sizes' requests "
        "alternating one by one (each size has its own server and database), so that "
        "the machine's drift falls on both alike. req/s: 4 concurrent clients, the median "
        "of 5 rounds, alternating between the sizes. % of one-query view: the page's req/s "
        "as a share of the one-query view's, measured in the same rounds (each page's "
        "sequential requests and bursts alternate with the one-query view's and the "
        "floor's on the smallest data set, and the head's list with the admin's "
        "changelist too), so a busy machine slows both alike. The last three rows are "
        "references: "
        "a signed-in page with no content (the floor every page pays: session, sign-in, "
        "two-factor check, CSP, security headers), Django admin's changelist of the same "
        "students, and a view that runs one query into a bare template.",
        "",
        "| page | "
        + " | ".join(
            f"queries @{n:,} | p50 ms | p95 ms | req/s | % of one-query view" for n in sizes
        )
        + "".join(f" | p95 growth to {n:,}" for n in sizes[1:])
        + " |",
        "|---|" + "---:|" * (6 * len(sizes) - 1),
    ]
    for label in runs[sizes[0]]["pages"]:
        cells = []
        for n in sizes:
            page = runs[n]["pages"][label]
            cells += [
                str(page["queries"]),
                str(page["p50_ms"]),
                str(page["p95_ms"]),
                str(page["rps"]),
                f"{page['share'][MINIMAL]:.0%}",
            ]
        row = f"| {label} | " + " | ".join(cells)
        first = runs[sizes[0]]["pages"][label]["p95_ms"]
        for n in sizes[1:]:
            row += f" | {runs[n]['pages'][label]['p95_ms'] / max(first, 0.1):.2f}×"
        lines.append(row + " |")
    large = runs[sizes[-1]]
    pdf = large["pdf"]
    lines += [
        "",
        "## Official forms",
        "",
        f"- Route form: {pdf['form_ms']} ms through our service (template, static-only "
        f"fetcher, the font configuration kept, PDF/UA) vs {pdf['bare_weasyprint_ms']} ms "
        f"for bare WeasyPrint on the same HTML, the two timed in turns (medians of "
        f"{pdf['form_runs']} each): {pdf['form_ratio']}×. "
        f"Bare WeasyPrint with the PDF/UA-1 tags, in the same turns: "
        f"{pdf['bare_tagged_ms']} ms.",
        f"- Case file of {pdf['case_file_documents']} registered documents, rendered as one "
        f"tagged document with a contents page, links and bookmarks "
        f"({pdf['case_file_bytes']:,} bytes): {pdf['case_file_first_s']} s the first time in "
        f"the process, {pdf['case_file_again_s']} s again.",
        f"- Peak memory of a gunicorn worker: {large['worker_peak_mb']} MB.",
        "",
        "## Targets",
        "",
        "| target | met | measured |",
        "|---|---|---|",
        *[
            f"| {name} | {'yes' if ok else '**no**'} | {detail} |"
            for name, ok, detail in verdicts(runs)
        ],
        "",
        "## The permission-scoped student query",
        "",
        f"`EXPLAIN ANALYZE` of a specialist's case list at {large['students']:,} students:",
        "",
        "```text",
        large["explain"]["plan"],
        "```",
        "",
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 20000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a smoke run: few requests, one run of each form, a 3-document case file",
    )
    parser.add_argument("--output", default=str(ROOT / "docs" / "performance.md"))
    args = parser.parse_args()
    command = "bash scripts/bench.sh" + (
        f" --sizes {' '.join(map(str, args.sizes))}" if args.sizes != [1000, 20000] else ""
    )
    sizes = sorted(args.sizes)
    runs = {}
    for size in sizes:
        print(f"preparing {size} students…", flush=True)
        runs[size] = prepare(size, forms=size == sizes[-1], quick=args.quick)
        print(f"  done in {runs[size]['wall_seconds']} s", flush=True)
    print("timing the pages, every size side by side…", flush=True)
    time_pages(runs, workers=args.workers, quick=args.quick)
    text = report(runs, machine(), command, args.workers)
    print(text)
    if args.output:
        output = Path(args.output)
        # The analysis written by hand below the marker stays; the figures above it
        # are this run's.
        kept = output.read_text(encoding="utf-8") if output.exists() else ""
        if MARKER in kept:
            text += "\n" + MARKER + kept.split(MARKER, 1)[1]
        output.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
