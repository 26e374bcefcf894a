#!/usr/bin/env bash
# Serving latency and SavedModel size against catalog size: TIGER (reference size, beam 20) on random
# semantic IDs and SASRec (d 50) scoring the whole catalog, on synthetic catalogs of 10k, 100k and 1M
# items, and the chart (PNG + SVG). Run it alone on the machine. Build first: mvn -q -B -DskipTests package
# Usage: tools/bench/catalog-scale.sh [--sizes 10000,100000,1000000] [--calls 30] [--batch 256] [--out DIR]
#   --out (default experiments/bench/catalog-scale) receives scale.jsonl and catalog-scale.{png,svg}.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
export TF_ENABLE_ONEDNN_OPTS="${TF_ENABLE_ONEDNN_OPTS:-1}" TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"
build="${GENREC_BUILD_DIR:-target}"
cp="$build/genrec.jar:$(cat "$build/classpath.txt")"
args=("$@")
if [[ " $* " != *" --out "* ]]; then args+=(--out experiments/bench/catalog-scale); fi
java -Xmx12g -cp "$cp" io.genrec.bench.CatalogScaleBench "${args[@]}"
