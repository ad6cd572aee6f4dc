#!/usr/bin/env bash
# Starts the whole product locally: app on :3000, backend on :7007, the embedded default AWS on :4599
# (inside the backend), demo meshes from catalog/. Installs Node 22, Yarn and dependencies first if needed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
cd "$REPO_ROOT"
# Meshes created on the local app install @agent-mesh/* from tarballs of this workspace (the packages are not on
# a registry here); packing is skipped when their sources have not changed.
say "Packing @agent-mesh/infra-constructs and the workspace packages it depends on, for the meshes the Create page generates."
yarn workspace @agent-mesh/plugin-scaffolder-backend-module-agent-mesh-local pack:workspace >/dev/null
say "Starting the app on http://localhost:3000 and the backend on http://localhost:7007 (Ctrl-C stops both)."
exec backstage-cli repo start "$@"
