#!/usr/bin/env bash
# Regenerate requirements.lock (pyproject.toml's dependencies: what the app runs with, all
# a deployment installs) and requirements-dev.lock (what the dev extra adds on top) in a
# throwaway environment, so the locks hold exactly what the declared ranges resolve to
# today. Commit the result.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
python3 -m venv "$tmp/venv"
# The declared dependencies only: the project itself is not a package to build.
python3 - "$tmp" <<'PY'
import sys
import tomllib

project = tomllib.load(open("pyproject.toml", "rb"))["project"]
with open(f"{sys.argv[1]}/runtime.in", "w") as out:
    out.write("\n".join(project["dependencies"]) + "\n")
with open(f"{sys.argv[1]}/dev.in", "w") as out:
    out.write("\n".join(project["optional-dependencies"]["dev"]) + "\n")
PY
install() {
  if ! "$tmp/venv/bin/pip" install --quiet --disable-pip-version-check "$@" >"$tmp/pip.log" 2>&1; then
    grep -v "is ignored" "$tmp/pip.log" >&2
    echo "The locks are NOT updated: the install failed" >&2
    exit 1
  fi
}
install -r "$tmp/runtime.in"
"$tmp/venv/bin/pip" freeze | sort >"$tmp/runtime.txt"
# The tools on top, keeping the app's versions as they are.
install -r "$tmp/dev.in" -c "$tmp/runtime.txt"
"$tmp/venv/bin/pip" freeze | sort >"$tmp/all.txt"
{
  echo "# The packages the app runs with, at the exact versions scripts/setup.sh installs (a"
  echo "# deployment installs these alone). Regenerate with: scripts/lock.sh"
  cat "$tmp/runtime.txt"
} >requirements.lock
{
  echo "# The tests' and developers' tools, installed by scripts/setup.sh on top of"
  echo "# requirements.lock (not by a deployment). Regenerate with: scripts/lock.sh"
  comm -13 "$tmp/runtime.txt" "$tmp/all.txt"
} >requirements-dev.lock
echo "requirements.lock and requirements-dev.lock updated"
