#!/usr/bin/env bash
# Create .venv in the project root and install liangxin into it (with the test tools and Jupyter,
# whose start-up script is tested too, when given "test").
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
if [ "${1:-}" = "test" ]; then
  .venv/bin/python -m pip install --quiet -e ".[test,notebook]"
else
  .venv/bin/python -m pip install --quiet -e .
fi
