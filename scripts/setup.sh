#!/usr/bin/env bash
# Shared set-up for scripts/start.sh and scripts/test.sh (sourced, not run):
# a Python >= 3.11 virtual environment in .venv with the locked packages, and the
# compiled translation catalogues. Installs system packages with apt when root;
# otherwise stops with one sentence naming what to install.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

APT_UPDATED=""
apt_install() {
  # apt_install PACKAGE... — install Debian packages when we may, or say what to do.
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    # Another apt or unattended-upgrades may hold the package manager's lock: wait
    # for it (APT_LOCK_WAIT seconds, 10 minutes by default) instead of failing at once.
    local wait="${APT_LOCK_WAIT:-600}"
    if [ -z "$APT_UPDATED" ]; then
      say "apt-get update"
      apt-get update -qq -o DPkg::Lock::Timeout="$wait" >/dev/null \
        || die "apt-get update failed (above). If another program was installing packages, wait for it to finish and run this again."
      APT_UPDATED=1
    fi
    say "apt-get install $* (waiting up to ${wait} s for another package manager to finish)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout="$wait" "$@" >/dev/null \
      || die "Could not install $* (apt's message is above). If another program holds the package manager, wait for it to finish and run this again; otherwise install them by hand (sudo apt-get install $*)."
  else
    die "Please install the Debian/Ubuntu packages: $* (sudo apt-get install $*), then run this again."
  fi
}

find_python() {
  for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

PY_SYS="$(find_python)" || die "Python 3.11 or newer is needed: install it (sudo apt-get install python3) and run this again."

if [ ! -x .venv/bin/python ]; then
  if ! "$PY_SYS" -m venv --help >/dev/null 2>&1 || ! "$PY_SYS" -c 'import ensurepip' 2>/dev/null; then
    apt_install python3-venv
  fi
  say "Creating the virtual environment in .venv with $("$PY_SYS" --version)"
  # A half-made .venv would look finished to the next run: remove it if this fails.
  "$PY_SYS" -m venv .venv || { rm -rf .venv; die "Could not create .venv with $PY_SYS (above)."; }
fi
PY="$ROOT/.venv/bin/python"

# requirements.lock: what the app runs with; requirements-dev.lock: the tests' and
# developers' tools on top. A deployment (scripts/deploy.sh) sets EAGI_SETUP=runtime and
# gets the first alone. Reinstall only when a lock file changed since the last install.
LOCKS=(requirements.lock)
[ "${EAGI_SETUP:-}" = runtime ] || LOCKS+=(requirements-dev.lock)
LOCK_STAMP=".venv/.requirements.lock.sha256"
# uv installs the locked wheels in parallel (4 s, 23 s with every module compiled, where
# pip took 80 s with the same cache: once the longest step of a fresh clone's test
# command). pip stays the fallback: when uv cannot be had, or cannot reach an index that
# only pip is configured for (pip.conf), or EAGI_INSTALLER=pip asks for it.
UV_VERSION=0.13.9
# A deployment's tree is read-only to the processes that run it: its packages are
# compiled to bytecode now, or every start would compile them again in memory. A
# developer's or the tests' .venv is writable, and Python writes the bytecode of what
# is imported the first time it is (1,800 modules for the suite, in 6 s, where compiling
# all 11,000 took 19 s of a fresh clone's test command).
COMPILE=()
[ "${EAGI_SETUP:-}" = runtime ] && COMPILE=(--compile-bytecode)
install_locked() {
  if [ "${EAGI_INSTALLER:-uv}" = uv ]; then
    if ! .venv/bin/uv --version 2>/dev/null | grep -qF "uv $UV_VERSION"; then
      "$PY" -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION" >/dev/null 2>&1 || true
    fi
    if .venv/bin/uv --version >/dev/null 2>&1 \
      && .venv/bin/uv pip install --quiet --python "$PY" "${COMPILE[@]}" "${LOCKS[@]/#/--requirement=}"; then
      return 0
    fi
    say "uv could not install them; installing with pip"
  fi
  "$PY" -m pip install --quiet --disable-pip-version-check "${LOCKS[@]/#/--requirement=}" 2>&1 \
    | grep -v "is ignored" || true
}
LOCK_SUM="$(cat "${LOCKS[@]}" | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$LOCK_STAMP" 2>/dev/null)" != "$LOCK_SUM" ]; then
  # python-ldap (directory sign-in) is built from source: it needs OpenLDAP's and
  # SASL's headers.
  if [ ! -f /usr/include/ldap.h ] || [ ! -f /usr/include/sasl/sasl.h ]; then
    apt_install libldap2-dev libsasl2-dev
  fi
  say "Installing the locked Python packages (${LOCKS[*]})"
  install_locked
  "$PY" -c 'import django, guardian, simple_history, django_filters, weasyprint, psycopg, ldap' \
    || die "The Python packages did not install; see the messages above."
  echo "$LOCK_SUM" > "$LOCK_STAMP"
fi

# WeasyPrint needs Pango; a minimal machine may lack it.
if ! "$PY" -c 'import weasyprint' >/dev/null 2>&1; then
  apt_install libpango-1.0-0 libpangoft2-1.0-0
fi

command -v msgfmt >/dev/null || apt_install gettext
say "Compiling the translations"
DEBUG=true "$PY" manage.py compilemessages --ignore=.venv --ignore=tests >/dev/null
