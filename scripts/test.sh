#!/usr/bin/env bash
# Runs every test: type check, build, lint, unit and integration tests of every package (jest through backstage-cli),
# then the browser journeys against the running app (Playwright with Debian's chromium).
# Tests that need PostgreSQL, Redis or Chromium always run when CI=true; elsewhere they skip, saying how to enable them.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
cd "$REPO_ROOT"

RESULTS_DIR="$REPO_ROOT/.cache/test-results"
rm -rf "$RESULTS_DIR" && mkdir -p "$RESULTS_DIR"

say "Checking that the code generated from the OpenAPI spec is up to date."
yarn workspace @agent-mesh/plugin-agent-mesh-backend check:openapi

say "Type-checking every package (tsc, strict)."
yarn tsc

say "Building every package (backstage-cli repo build --all)."
backstage-cli repo build --all >"$RESULTS_DIR/build.log" 2>&1 || { cat "$RESULTS_DIR/build.log"; exit 1; }

say "Linting every package (backstage-cli repo lint)."
backstage-cli repo lint

say "Running the jest suites of every package (backstage-cli repo test)."
jest_status=0
backstage-cli repo test --ci --watchAll=false --json --outputFile="$RESULTS_DIR/jest.json" || jest_status=$?

e2e_status=0
if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || [ "${CI:-}" = "true" ]; then
  say "Running the browser journeys (Playwright, Debian chromium) against the app started by the test."
  PLAYWRIGHT_JSON_OUTPUT_NAME="$RESULTS_DIR/e2e.json" playwright test || e2e_status=$?
else
  say "SKIPPED browser journeys: no chromium at ${CHROMIUM_PATH:-/usr/bin/chromium}. Enable them with 'apt-get install chromium' or run with CI=true."
fi

node scripts/summarize-test-results.mjs "$RESULTS_DIR"
[ "$jest_status" -eq 0 ] && [ "$e2e_status" -eq 0 ]
