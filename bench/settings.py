"""The production settings, with the benchmark's extra URLs (a minimal view)."""

from eagi_inclusion.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
