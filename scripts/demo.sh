#!/usr/bin/env bash
# The main job on the embedded defaults, no LLM needed: build the knowledge index, look up how to
# tile a convolution, verify the EELS encoder's tile schedule, and estimate gemm before and after
# its unroll-and-pipeline schedule on the FPGA target.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bin/hlsched ingest
bin/hlsched search "tile a conv1d layer for local buffers" --k 3
bin/hlsched verify eval/kernels/eels_encoder.mlir eval/schedules/eels_encoder.tile.ok.mlir
bin/hlsched estimate eval/kernels/gemm.mlir --target fpga | sed -n '1,3p'
bin/hlsched estimate eval/kernels/gemm.mlir --schedule eval/schedules/gemm.unroll.ok.mlir --target fpga
