#!/usr/bin/env bash
# Install the app into .venv and start it on the committed data: http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
exec .venv/bin/streamlit run app.py "$@"
