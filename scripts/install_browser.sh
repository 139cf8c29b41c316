#!/usr/bin/env bash
# Headless Chromium for the browser tests (tests/test_web_chat.py), from Debian's packages.
# Without it the browser tests are skipped loudly; with CI=true they fail.
set -uo pipefail
command -v chromium >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "setup: installing Chromium for the browser tests (apt-get)"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >/dev/null 2>&1 \
    || echo "setup: WARNING: could not install Chromium; the browser tests will be skipped" >&2
else
  echo "setup: WARNING: Chromium is missing and cannot be installed here (not root); the browser tests will be skipped. Install it with: apt-get install chromium" >&2
fi
exit 0
