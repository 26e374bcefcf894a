#!/usr/bin/env bash
# Our benchmarks and the PyTorch reference scripts of ../shared/bench, alternately in one run (ours, then
# PyTorch's, R rounds), and the performance table with medians and ratios (io.genrec.bench.CompareReport):
# TIGER training at the reference size and its serving (beam 20, k 20), SASRec epochs (BCE and full
# softmax), and with --diger DIGER's step against TIGER's at the same size. Run it alone on the machine:
# a second job on the cores halves every figure. Build first: mvn -q -B -DskipTests package
#
# Usage: tools/bench/compare.sh [--rounds 2] [--tiger-steps 10] [--torch-steps 5] [--sasrec-epochs 1]
#          [--diger] [--precision float32|bf16] [--out DIR]
#   --precision runs our side in that train.precision (serving follows it); the reference is float32.
#   The reference runs when a python3 with torch is found (PYTHON, else /usr/bin/python3, else python3);
#   otherwise its column says "not run" and the script says how to install it. The outputs of every round
#   stay in --out (default a fresh temporary directory, printed) so the table can be re-rendered.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
rounds=2 tiger_steps=10 torch_steps=5 sasrec_epochs=1 diger=0 out="" precision=float32
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;; --tiger-steps) tiger_steps="$2"; shift 2 ;;
    --torch-steps) torch_steps="$2"; shift 2 ;; --sasrec-epochs) sasrec_epochs="$2"; shift 2 ;;
    --diger) diger=1; shift ;; --out) out="$2"; shift 2 ;; --precision) precision="$2"; shift 2 ;;
    *) echo "compare.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
if [[ "$precision" != float32 && "$precision" != bf16 ]]; then
  echo "compare.sh: --precision must be float32 or bf16, got $precision" >&2; exit 2
fi
for n in "$rounds" "$tiger_steps" "$torch_steps" "$sasrec_epochs"; do
  if ! [[ "$n" =~ ^[1-9][0-9]*$ ]]; then echo "compare.sh: counts must be positive integers, got $n" >&2; exit 2; fi
done
build="${GENREC_BUILD_DIR:-target}"
if [[ ! -f "$build/genrec.jar" || ! -f "$build/classpath.txt" ]]; then
  echo "compare.sh: build first: mvn -q -B -DskipTests package" >&2
  exit 2
fi
bench="$root/../shared/bench"
python=""
for candidate in "${PYTHON:-}" /usr/bin/python3 python3; do
  [[ -z "$candidate" ]] && continue
  if command -v "$candidate" > /dev/null 2>&1 && "$candidate" -c 'import torch' > /dev/null 2>&1; then
    python="$candidate"
    break
  fi
done
if [[ -z "$python" ]]; then
  cat >&2 <<'EOF'
compare.sh: no python3 with torch here, so the PyTorch reference is skipped ("not run" in the table).
  To compare (Debian): apt-get install python3-torch libopenblas0-pthread
  It runs with OPENBLAS_CORETYPE=SkylakeX OMP_NUM_THREADS=2: without them PyTorch uses a generic or
  reference BLAS on this CPU and is 5-50x slower (../shared/notes/benchmarks.md).
EOF
elif [[ ! -f "$bench/pytorch_tiger_step.py" || ! -f "$bench/pytorch_sasrec_step.py" ]]; then
  echo "compare.sh: $bench has no PyTorch reference scripts; the reference is skipped" >&2
  python=""
fi
if [[ -z "$out" ]]; then out="$(mktemp -d "${TMPDIR:-/tmp}/compare.XXXXXX")"; fi
mkdir -p "$out"
echo "compare.sh: outputs in $out" >&2
export GENREC_BUILD_DIR="$build"
for r in $(seq 1 "$rounds"); do
  echo "compare.sh: round $r of $rounds" >&2
  # Written under a temporary name and renamed: a killed round leaves no half file for the report.
  tools/bench/tiger.sh configs/paper/tiger-beauty.json --steps "$tiger_steps" --calls 50 \
    --set model.num_heads=4 --set model.head_dim=32 --set model.user_buckets=0 --set train.precision="$precision" > "$out/.tiger-$r.json"
  mv "$out/.tiger-$r.json" "$out/tiger-$r.json"
  if [[ -n "$python" ]]; then
    OPENBLAS_CORETYPE=SkylakeX OMP_NUM_THREADS=2 "$python" "$bench/pytorch_tiger_step.py" "$torch_steps" \
      > "$out/.torch-tiger-$r.txt"
    mv "$out/.torch-tiger-$r.txt" "$out/torch-tiger-$r.txt"
  fi
  tools/bench/sasrec.sh "$sasrec_epochs" --set train.precision="$precision" > "$out/.sasrec-$r.json"
  mv "$out/.sasrec-$r.json" "$out/sasrec-$r.json"
  if [[ -n "$python" ]]; then
    OPENBLAS_CORETYPE=SkylakeX OMP_NUM_THREADS=2 "$python" "$bench/pytorch_sasrec_step.py" \
      > "$out/.torch-sasrec-$r.txt"
    mv "$out/.torch-sasrec-$r.txt" "$out/torch-sasrec-$r.txt"
  fi
  if [[ "$diger" == 1 ]]; then
    tools/bench/steps.sh configs/beauty/tiger-rqvae.json configs/beauty/diger-frqud.json \
      configs/beauty/diger-sdud.json --steps 20 --rounds 1 > "$out/.steps-$r.json"
    mv "$out/.steps-$r.json" "$out/steps-$r.json"
  fi
done
java -cp "$build/genrec.jar:$(cat "$build/classpath.txt")" io.genrec.bench.CompareReport "$out"
