#!/usr/bin/env bash
# Regenerate requirements.lock from pyproject.toml in a throwaway environment, so the
# lock holds exactly what the declared ranges resolve to today. Commit the result.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
python3 -m venv "$tmp/venv"
# The declared dependencies only: the project itself is not a package to build.
python3 - >"$tmp/requirements.in" <<'PY'
import tomllib

project = tomllib.load(open("pyproject.toml", "rb"))["project"]
print("\n".join(project["dependencies"] + project["optional-dependencies"]["dev"]))
PY
if ! "$tmp/venv/bin/pip" install --quiet --disable-pip-version-check -r "$tmp/requirements.in" \
  >"$tmp/pip.log" 2>&1; then
  grep -v "is ignored" "$tmp/pip.log" >&2
  echo "requirements.lock NOT updated: the install failed" >&2
  exit 1
fi
{
  echo "# Exact versions installed by scripts/setup.sh. Regenerate with: scripts/lock.sh"
  "$tmp/venv/bin/pip" freeze
} > requirements.lock
echo "requirements.lock updated"
