#!/usr/bin/env bash
# npm run test:all — every test: type-check, lint, unit, integration against real PostgreSQL and
# ClickHouse, API end-to-end, and the browser tests in real Chromium. Installs (apt, as root) and starts
# what it needs on loopback with its own data dirs (deploy/services.sh), and stops it afterwards.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
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
