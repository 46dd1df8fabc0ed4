#!/usr/bin/env bash
# Install everything the tests need, lint and type-check, and run the whole suite (unit, AppTest
# and browser tests).
# Browser tests use Debian's chromium and fonts-wqy-microhei; as root they are installed with
# apt-get when missing. With CI=true a missing browser fails the run instead of skipping.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "wqy"; then
  if [ "$(id -u)" = "0" ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
  else
    echo "note: chromium/fonts-wqy-microhei missing and not root: browser tests will skip" >&2
  fi
fi
bash scripts/install.sh test
.venv/bin/ruff check .
.venv/bin/mypy  # geo/ and layers/ (configured in pyproject.toml)
exec .venv/bin/python -m pytest "$@"
