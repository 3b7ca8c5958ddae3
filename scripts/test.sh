#!/usr/bin/env bash
# Set up .venv with the test tools and run the whole test suite (what CI runs).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
# Browser tests need Debian's chromium, a CJK font and playwright-core; install them when we may
# (root or sudo, as on CI). Otherwise those tests skip and say why.
if [ "$(id -u)" -eq 0 ] || sudo -n true 2>/dev/null; then
  bash scripts/install-browser.sh >/dev/null
  bash scripts/install-office.sh >/dev/null   # LibreOffice: the print tests convert the reports to PDF
fi
# Neo4j's own Cypher parser (npm), which checks every statement liangxin sends.
[ -d tests/cypher_parser/node_modules/@neo4j-cypher ] || bash scripts/install-cypher-parser.sh >/dev/null
.venv/bin/python -m pytest "$@"
