#!/usr/bin/env bash
# Install Neo4j's own Cypher parser (npm package @neo4j-cypher/language-support, pinned in
# tests/cypher_parser/package.json and package-lock.json) into tests/cypher_parser/node_modules.
# tests/neo4j/test_cypher_parser.py runs every statement liangxin sends through it; the test is
# skipped, saying why, when this has not been run. Needs Node.js and npm (Node 20 works although
# the package asks for Node 24: the engine check is only a warning).
set -euo pipefail
cd "$(dirname "$0")/../tests/cypher_parser"
if ! command -v npm >/dev/null 2>&1; then
  echo "install-cypher-parser: npm not found; install Node.js and npm first" >&2
  exit 1
fi
if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error --engine-strict=false
else
  npm install --no-audit --no-fund --loglevel=error --engine-strict=false
fi
node -e "import('@neo4j-cypher/language-support').then(() => console.log('Neo4j Cypher parser installed in ' + process.cwd() + '/node_modules'))"
