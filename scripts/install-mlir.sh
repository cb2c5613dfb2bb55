#!/usr/bin/env bash
# Installs MLIR 22 from Debian when no MLIR 22 mlir-opt is found (MLIR_BIN, PATH, /usr/lib/llvm-22/bin).
set -euo pipefail

have_mlir22() {
  local dir
  for dir in "${MLIR_BIN:-}" $(echo "${PATH}" | tr ':' ' ') /usr/lib/llvm-22/bin; do
    [ -n "$dir" ] && [ -x "$dir/mlir-opt" ] && "$dir/mlir-opt" --version 2>/dev/null | grep -Eq 'version 22\.' && return 0
  done
  return 1
}

# A C/C++ tool chain: gcc checks the C that the Bambu route emits (tests); g++, make and python3 let
# node-gyp build hnswlib-node during npm ci.
missing=""
for tool in gcc g++ make python3; do command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"; done
if [ -n "$missing" ]; then
  echo "hlsched setup:$missing not found, installing build-essential and python3 from Debian" >&2
  SUDO=""; if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq build-essential python3 >/dev/null
fi

if have_mlir22; then
  exit 0
fi
echo "hlsched setup: MLIR 22 not found, installing mlir-22-tools and libmlir-22-dev from Debian" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq mlir-22-tools libmlir-22-dev >/dev/null
have_mlir22 || { echo "hlsched setup: MLIR 22 still not found after installing; set MLIR_BIN to the folder holding mlir-opt" >&2; exit 1; }
