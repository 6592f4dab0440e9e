#!/usr/bin/env bash
# The README's test command (`npm test`) and what .ci/run calls: installs what is missing, then runs
# every unit and integration test against a real Temporal dev server and PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/bootstrap.sh
ensure_node_modules
ensure_postgres
export TEMPORAL_CLI="$(bash scripts/temporal-cli.sh)"
echo "[test] typecheck and lint" >&2
npx tsc --noEmit
npx eslint --max-warnings=0 .
npx prettier --check --log-level=warn .
mkdir -p .data
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=.data/test-results.json "$@" || status=$?
# One plain closing line that any CI log reader understands.
node -e 'const r=require("./.data/test-results.json");console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests+r.numTodoTests} skipped`)' || true
exit "$status"
