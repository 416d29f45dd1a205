#!/usr/bin/env bash
# npm run test:all — every test: type-check, lint, unit, integration against real PostgreSQL and
# ClickHouse, API end-to-end, and the browser tests in real Chromium. Installs (apt, as root) and starts
# what it needs on loopback with its own data dirs (deploy/services.sh), and stops it afterwards.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# An outer time limit (CI has 90 minutes on 2 cores): the whole run is killed at TEST_ALL_TIMEOUT
# (default 85m; SIGTERM, then SIGKILL a minute later), and always prints its wall time.
if [ -z "${TEST_ALL_LIMITED:-}" ]; then
  export TEST_ALL_LIMITED=1
  t0=$(date +%s)
  set +e
  timeout --foreground -k 60 "${TEST_ALL_TIMEOUT:-85m}" bash "${BASH_SOURCE[0]}" "$@"
  rc=$?
  set -e
  secs=$(($(date +%s) - t0))
  [ "$rc" = 124 ] && echo "test:all: time limit ${TEST_ALL_TIMEOUT:-85m} reached, run killed"
  printf 'test:all wall time: %dm%02ds (exit %d)\n' $((secs / 60)) $((secs % 60)) "$rc"
  exit "$rc"
fi
started_here=0
status="$(bash deploy/services.sh status || true)"
case "$status" in
  *"postgresql: running"*"clickhouse: running"*) ;;
  *) started_here=1 ;;
esac
bash deploy/services.sh start browser
if [ "$started_here" = 1 ] || [ -n "${CI:-}" ]; then
  trap 'bash deploy/services.sh stop' EXIT
fi
# shellcheck disable=SC1091
source .services/env
export REQUIRE_SERVICES=1
export CHROME_BIN=/usr/bin/chromium

echo "== type-check"; npm run -s typecheck
echo "== lint"; npm run -s lint
echo "== format"; npm run -s format:check
echo "== build web"; npm run -s build
echo "== web unit tests"; npm run -s test:web

echo "== tests (unit, int, e2e)"
mkdir -p test/artifacts
set +e
npx vitest run --reporter=default --reporter=json --outputFile.json=test/artifacts/vitest.json
rc=$?
set -e
node -e '
const r = require("./test/artifacts/vitest.json");
const skipped = (r.numPendingTests || 0) + (r.numTodoTests || 0);
console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
' || true
exit $rc
