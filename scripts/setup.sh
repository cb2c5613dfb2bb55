#!/usr/bin/env bash
# Everything a fresh machine needs: MLIR 22, the npm dependencies, the compiled CLI.
# Idempotent and quick when nothing is missing, so every entry command can call it.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-mlir.sh
bash scripts/install-chromium.sh

# `npm ci` when node_modules is missing or older than the lock file; it also builds dist/ (prepare).
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
# Rebuild when any TypeScript source is newer than the build.
if [ ! -f dist/src/cli/main.js ] || [ -n "$(find src scripts eval -name '*.ts' -newer dist/src/cli/main.js -print -quit)" ]; then
  npx tsc -p tsconfig.json
fi
