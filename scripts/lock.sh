#!/usr/bin/env bash
# Regenerate requirements.lock from pyproject.toml in a throwaway environment, so the
# lock holds exactly what the declared ranges resolve to today. Commit the result.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
python3 -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install --quiet --disable-pip-version-check ".[dev]" 2>&1 | grep -v "is ignored" || true
{
  echo "# Exact versions installed by scripts/setup.sh. Regenerate with: scripts/lock.sh"
  "$tmp/venv/bin/pip" freeze --exclude eagi-inclusion
} > requirements.lock
echo "requirements.lock updated"
