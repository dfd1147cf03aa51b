#!/usr/bin/env bash
# Quick start: set everything up and run the app on SQLite with the demo data at
# http://127.0.0.1:8000 (the demo accounts are listed in the README).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

export DEBUG="${DEBUG:-true}"
say "Applying migrations"
"$PY" manage.py migrate --noinput
say "Loading the demo data"
"$PY" manage.py seed_demo
say "Starting the app at http://127.0.0.1:8000 (Ctrl+C stops it)"
exec "$PY" manage.py runserver 127.0.0.1:8000
