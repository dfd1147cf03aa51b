"""The production settings, with the benchmark's extra URLs (a minimal view) and the
"after a change" switch (bench/views.py)."""

from eagi_inclusion.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
MIDDLEWARE = ["bench.views.after_a_change", *MIDDLEWARE]  # noqa: F405
