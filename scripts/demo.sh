#!/usr/bin/env bash
# The main job on the embedded defaults, no LLM needed: optimize the EELS encoder for the FPGA target
# (tuner + corpus reuse, every reported schedule verified by differential execution), after building
# the knowledge index the corpus reuse searches.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bin/hlsched ingest
exec bin/hlsched optimize eval/kernels/eels_encoder.mlir --target fpga "$@"
