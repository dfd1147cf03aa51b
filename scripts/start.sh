#!/usr/bin/env bash
# Quick start: set everything up and run the app on SQLite with the demo data at
# http://127.0.0.1:8000 (the demo accounts are listed in the README).
# PORT=8001 bash scripts/start.sh serves on another port.
set -euo pipefail
PORT="${PORT:-8000}"
# The port is checked before the slow steps, not after them.
if ! [[ "$PORT" =~ ^[0-9]+$ ]] || [ "$PORT" -lt 1 ] || [ "$PORT" -gt 65535 ]; then
  echo "ERROR: PORT must be a number from 1 to 65535, not '$PORT'." >&2
  exit 1
fi
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  echo "ERROR: Another program already listens on port $PORT: stop it, or choose another port (PORT=8001 bash scripts/start.sh)." >&2
  exit 1
fi
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

export DEBUG="${DEBUG:-true}"
say "Applying migrations"
"$PY" manage.py migrate --noinput
say "Loading the demo data"
"$PY" manage.py seed_demo
say "Starting the app at http://127.0.0.1:$PORT (Ctrl+C stops it)"
exec "$PY" manage.py runserver "127.0.0.1:$PORT"
