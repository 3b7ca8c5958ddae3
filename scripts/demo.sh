#!/usr/bin/env bash
# Set up .venv and run the demo: writes out/sample.xlsx and the report next to it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/liangxin demo --out out/
