#!/usr/bin/env bash
# The main job on the embedded defaults: verify the example schedule on the EELS encoder.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec bin/hlsched verify eval/kernels/eels_encoder.mlir eval/schedules/eels_encoder.tile.ok.mlir "$@"
