#!/usr/bin/env bash
# The README's test command (`npm test`) and what .ci/run calls: installs what is missing, then runs
# every unit and integration test against a real Temporal dev server and PostgreSQL, and the
# integration tests a second time on the production engine: the Temporal server on PostgreSQL, its
# services split into processes as in a cluster. With arguments (one file, one project) it runs one
# lane only, on the engine TEMPORAL_ENGINE names.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/bootstrap.sh
ensure_platform_prerequisites
echo "[test] typecheck and lint" >&2
npx tsc --noEmit
npx eslint --max-warnings=0 .
npx prettier --check --log-level=warn .
mkdir -p .data
rm -f .data/test-results*.json
status=0
lanes=()

# run_lane NAME [vitest args…]: one vitest run, its JSON results in .data/test-results-NAME.json.
run_lane() {
  local name=$1 started=$SECONDS
  shift
  npx vitest run --reporter=default --reporter=json --outputFile.json=".data/test-results-$name.json" "$@" || status=$?
  lanes+=("$name $((SECONDS - started))s")
}

if [[ $# -gt 0 ]]; then
  run_lane "${TEMPORAL_ENGINE:-dev}" "$@"
else
  run_lane dev
  bash scripts/temporal-server.sh >/dev/null
  echo "[test] second lane: integration tests on the Temporal server on PostgreSQL (split services)" >&2
  TEMPORAL_ENGINE=postgres TEMPORAL_TOPOLOGY=split run_lane postgres --project integration
fi
echo "[test] lanes: ${lanes[*]}" >&2
# One plain closing line over every lane, that any CI log reader understands.
node -e '
  const fs = require("fs");
  const files = fs.readdirSync(".data").filter((f) => /^test-results-.*\.json$/.test(f));
  const sum = (k) => files.reduce((n, f) => n + (JSON.parse(fs.readFileSync(".data/" + f, "utf8"))[k] ?? 0), 0);
  console.log(`tests: ${sum("numPassedTests")} passed, ${sum("numFailedTests")} failed, ${sum("numPendingTests") + sum("numTodoTests")} skipped`);
' || true
exit "$status"
