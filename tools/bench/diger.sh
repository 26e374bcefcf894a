#!/usr/bin/env bash
# DIGER's training step against TIGER's at the same size (configs/beauty: d 64, 2 + 2 layers, batch
# 256) in one run, and the DIGER settings that cost time, each one change from diger-frqud.json.
# Build first: mvn -q -B -DskipTests package. Run alone on the machine.
# Usage: tools/bench/diger.sh [--steps N] [--rounds R]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
exec "$root/tools/bench/steps.sh" configs/beauty/tiger-rqvae.json configs/beauty/diger-frozen.json \
  configs/beauty/diger-frqud.json configs/beauty/diger-frqud.json@model.sinkhorn_rows=batch \
  configs/beauty/diger-frqud.json@model.sinkhorn_epsilon=0 \
  configs/beauty/diger-sdud.json configs/beauty/diger-sdud.json@model.sinkhorn_rows=targets "$@"
