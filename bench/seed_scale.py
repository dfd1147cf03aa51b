"""Add a large, realistic data set for measurements (bench/scale.py) to the database
the settings name (SQLite by default, DATABASE_URL for PostgreSQL):

    DEBUG=true .venv/bin/python -m bench.seed_scale --students 20000

It invents people: it refuses to run without DEBUG unless given --force, and it never
belongs on a production database."""

import argparse
import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eagi_inclusion.settings")
os.environ.setdefault("EAGI_COMMAND", "true")  # a command's statement timeout, as manage.py

import django

django.setup()

from django.conf import settings

from bench.scale import generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Add N students with cases, applications, conclusions and routes, in bulk."
    )
    parser.add_argument("--students", type=int, required=True)
    parser.add_argument("--specialist-cases", type=int, default=200)
    parser.add_argument(
        "--force", action="store_true", help="Run even with DEBUG off (never in production)."
    )
    args = parser.parse_args(argv)
    if not settings.DEBUG and not args.force:
        print("Refusing to add invented people without DEBUG; use --force.", file=sys.stderr)
        return 2
    started = time.monotonic()
    made = generate(students=args.students, specialist_cases=args.specialist_cases)
    print(
        f"{args.students} students added in {time.monotonic() - started:.1f} s; "
        f"{made['students']} in all."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
