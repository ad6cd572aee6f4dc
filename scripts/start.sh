#!/usr/bin/env bash
# Starts the whole product locally: app on :3000, backend on :7007, the embedded default AWS on :4599
# (inside the backend), demo meshes from catalog/. Installs Node 22, Yarn and dependencies first if needed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
cd "$REPO_ROOT"
say "Starting the app on http://localhost:3000 and the backend on http://localhost:7007 (Ctrl-C stops both)."
exec backstage-cli repo start "$@"
