#!/usr/bin/env bash
# Sets up what is missing, and nothing else when nothing changed:
#   .venv/ (Python 3.10) with the pinned requirements, a blank spaCy pipeline, and the web page's npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
REQS="requirements/runtime.txt requirements/dev.txt requirements/no-deps.txt requirements/constraints.txt"
SPACY_DIR=models/spacy/blank_xx

is_python310() { "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; }

find_python310() {
  # An explicit PYTHON is the only candidate; otherwise python3.10 on PATH, then pyenv's versions.
  local candidates=()
  if [ -n "${PYTHON:-}" ]; then
    candidates=("$PYTHON")
  else
    candidates=(python3.10)
    if command -v pyenv >/dev/null 2>&1; then
      candidates+=("$(pyenv root)"/versions/3.10*/bin/python3.10)
    fi
    candidates+=("${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.10*/bin/python3.10)
  fi
  for c in "${candidates[@]}"; do
    local path
    path=$(command -v "$c" 2>/dev/null) || continue
    if is_python310 "$path"; then echo "$path"; return 0; fi
  done
  return 1
}

if [ ! -x "$VENV/bin/python" ] || ! is_python310 "$VENV/bin/python"; then
  if ! PY310=$(find_python310); then
    if [ -n "${PYTHON:-}" ]; then
      echo "setup: PYTHON=$PYTHON is not Python 3.10." >&2
    fi
    echo "setup: Python 3.10 is needed (Rasa 3.6 does not run on 3.11 or newer); install it, e.g. 'pyenv install 3.10.13' or 'apt-get install python3.10 python3.10-venv', or point PYTHON at a python3.10." >&2
    exit 1
  fi
  echo "setup: creating $VENV with $PY310"
  rm -rf "$VENV"
  "$PY310" -m venv "$VENV"
fi

stamp="$VENV/.requirements.sha256"
want=$(cat $REQS | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "setup: installing Python requirements (first time takes a few minutes)"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    -r requirements/dev.txt -c requirements/constraints.txt
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps \
    -r requirements/no-deps.txt -c requirements/constraints.txt
  echo "$want" > "$stamp"
fi

if [ ! -f "$SPACY_DIR/meta.json" ]; then
  echo "setup: saving a blank multi-language spaCy pipeline to $SPACY_DIR"
  mkdir -p "$(dirname "$SPACY_DIR")"
  "$VENV/bin/python" -c "import spacy, sys; spacy.blank('xx').to_disk(sys.argv[1])" "$SPACY_DIR"
fi

if [ -f package.json ]; then
  npm_stamp=node_modules/.package-lock.sha256
  want_npm=$(cat package.json package-lock.json 2>/dev/null | sha256sum | cut -d' ' -f1)
  if [ "$(cat "$npm_stamp" 2>/dev/null)" != "$want_npm" ]; then
    if command -v npm >/dev/null 2>&1; then
      echo "setup: installing the web page's npm packages"
      npm ci --silent --no-audit --no-fund
      echo "$want_npm" > "$npm_stamp"
    else
      echo "setup: npm is missing; the web chat page needs it (apt-get install npm)." >&2
      exit 1
    fi
  fi
fi
