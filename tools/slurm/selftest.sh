#!/usr/bin/env bash
# End-to-end check of `genrec sweep --emit-slurm` on a real SLURM cluster (tools/slurm/local-cluster.sh
# starts one on this machine). It writes a tiny synthetic dataset and 2 SASRec configs x 2 seeds in a
# scratch directory, emits the job array from there, submits it, cancels array task 1 with scancel
# while it trains, requeues it with scontrol, waits for the array, then checks that every run
# finished exactly once: all tasks COMPLETED, each run DONE with one epochs.jsonl line per epoch,
# attempt 1 for every run but the cancelled one (attempt 2, resumed from its checkpoint), and that
# `genrec table` tabulates the results. Exits non-zero with the reason on the first failed check.
#
# Needs the jar: (cd REPO && mvn -q -B -o -DskipTests package).
# Environment: GENREC_SLURM_DIR (cluster state, default /var/tmp/genrec-slurm; scratch goes there too),
# GENREC_SELFTEST_EPOCHS (default 40: 10-20 s of training per run here),
# GENREC_SELFTEST_TIMEOUT (seconds for the whole array, default 600), GENREC_SELFTEST_KEEP=1 keeps
# the scratch directory after a pass (it is always kept after a failure).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
genrec="$root/tools/genrec"
state="${GENREC_SLURM_DIR:-/var/tmp/genrec-slurm}"
epochs="${GENREC_SELFTEST_EPOCHS:-40}"
timeout_s="${GENREC_SELFTEST_TIMEOUT:-600}"
victim=1          # the array task that is cancelled and requeued
cancel_after=3    # epochs it must have logged when it is cancelled
started=$SECONDS

say() { printf 'selftest [%3ds]: %s\n' "$((SECONDS - started))" "$*"; }
job=""
work=""
fail() {
  echo "selftest: FAILED: $*" >&2
  if [[ -n "$job" ]]; then
    scancel "$job" 2>/dev/null || true
    echo "selftest: array job $job cancelled; its logs: $work/runs/slurm-logs/" >&2
  fi
  [[ -n "$work" ]] && echo "selftest: scratch directory kept: $work" >&2
  exit 1
}
trap 'fail "line $LINENO: $BASH_COMMAND exited $?"' ERR
trap 'fail "interrupted"' INT TERM

[[ "$epochs" =~ ^[0-9]+$ ]] && ((epochs > cancel_after)) \
  || fail "GENREC_SELFTEST_EPOCHS=$epochs: expected an integer above $cancel_after"
[[ "$timeout_s" =~ ^[0-9]+$ ]] || fail "GENREC_SELFTEST_TIMEOUT=$timeout_s: expected seconds"
# shellcheck disable=SC1091
[[ -f "$state/env" ]] && source "$state/env"
scontrol ping 2>/dev/null | grep -q 'is UP' \
  || fail "no SLURM controller answers; start the local cluster first: $root/tools/slurm/local-cluster.sh"
[[ -f "$root/target/genrec.jar" && -f "$root/target/classpath.txt" ]] \
  || fail "genrec is not built; build it first: (cd $root && mvn -q -B -o -DskipTests package)"

mkdir -p "$state"
work="$(mktemp -d "$state/selftest.XXXXXX")"
cd "$work"
export GENREC_JAVA_OPTS="${GENREC_JAVA_OPTS:--Xmx1g}"

# --- a tiny sweep, emitted from outside the checkout with relative paths -------------------------
# 400 users walking a 100-item catalogue in steps of 1 or 2, so SASRec has something to learn.
awk 'BEGIN { srand(4); for (u = 1; u <= 400; u++) { n = 5 + int(rand() * 15); s = int(rand() * 100);
  line = "u" u; for (i = 0; i < n; i++) line = line " " (101 + (s + i * (1 + int(rand() * 2))) % 100);
  print line } }' >tiny.txt
mkdir configs
for lr in 0.003 0.01; do
  cat >"configs/lr-$lr.json" <<EOF
{"experiment": "selftest", "data": {"path": "tiny.txt", "max_length": 20},
 "model": {"name": "sasrec", "hidden": 32, "num_blocks": 2, "num_heads": 2},
 "train": {"epochs": $epochs, "batch_size": 8, "lr": $lr, "patience": 0, "progress": false,
           "intra_op_threads": 1, "inter_op_threads": 1},
 "eval": {"ks": [10, 20]}, "export": {"enabled": false},
 "sweep": {"seed": [1, 2]}}
EOF
done
"$genrec" sweep configs --runs-dir runs --emit-slurm sweep.sbatch --cpus 1 --time 00:30:00 >emit.out
victim_dir="$("$genrec" sweep configs --runs-dir runs --dry-run --shard "$((victim + 1))/4" | awk '$1 == "pending" {print $2}')"
[[ -n "$victim_dir" ]] || fail "could not tell which run array task $victim owns"
say "emitted $work/sweep.sbatch (4 runs in 4 array tasks, $epochs epochs each)"

job="$(sbatch --parsable sweep.sbatch | cut -d';' -f1)"
say "submitted array job $job; task $victim trains $victim_dir"

# --- cancel task 1 while it trains, then requeue it ----------------------------------------------
task_state() { scontrol show job "${job}_$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | head -n1 | cut -d= -f2; }
epoch_lines() { if [[ -f "$1/epochs.jsonl" ]]; then awk NF "$1/epochs.jsonl" | wc -l; else echo 0; fi; }
deadline=$((SECONDS + timeout_s))
until (($(epoch_lines "$victim_dir") >= cancel_after)); do
  [[ -f "$victim_dir/DONE" ]] && fail "task $victim finished before it could be cancelled; raise GENREC_SELFTEST_EPOCHS"
  ((SECONDS < deadline)) || fail "task $victim logged no $cancel_after epochs within ${timeout_s}s (state $(task_state $victim))"
  sleep 0.2
done
[[ "$(task_state $victim)" == RUNNING ]] || fail "task $victim is $(task_state $victim), expected RUNNING"
scancel "${job}_$victim"
until [[ "$(task_state $victim)" == CANCELLED ]]; do
  ((SECONDS < deadline)) || fail "task $victim is $(task_state $victim) after scancel, expected CANCELLED"
  sleep 0.2
done
logged="$(epoch_lines "$victim_dir")"
[[ ! -f "$victim_dir/DONE" ]] || fail "the cancelled run is DONE: it was not cancelled mid-run"
((logged < epochs)) || fail "the cancelled run had logged all $epochs epochs"
say "cancelled task $victim after $logged of $epochs epochs (state CANCELLED, no DONE)"
scontrol requeue "${job}_$victim"
say "requeued task $victim"

# --- wait for the whole array --------------------------------------------------------------------
while [[ -n "$(squeue -h -j "$job" -o %i 2>/dev/null)" ]]; do
  if ((SECONDS >= deadline)); then
    squeue -j "$job" >&2 || true
    fail "the array did not finish within ${timeout_s}s (GENREC_SELFTEST_TIMEOUT)"
  fi
  sleep 1
done
say "array job $job finished"

# --- checks ---------------------------------------------------------------------------------------
for t in 0 1 2 3; do
  info="$(scontrol show job "${job}_$t")" || fail "scontrol no longer knows task $t"
  grep -q 'JobState=COMPLETED' <<<"$info" && grep -q 'ExitCode=0:0' <<<"$info" \
    || fail "task $t: $(grep -o 'JobState=[A-Z_]* [^ ]*' <<<"$info"), $(grep -o 'ExitCode=[0-9:]*' <<<"$info"); log: $work/runs/slurm-logs/"
done
log="$(ls runs/slurm-logs/*_"$victim".out)"
(($(grep -c "^genrec: array task $victim " "$log") == 2)) \
  || fail "$log should show two attempts of task $victim (cancelled, requeued)"
grep -q "attempt 2," "$log" || fail "$log: the requeued task does not say attempt 2"
say "all 4 tasks COMPLETED with exit 0; task $victim's log shows both attempts"

mapfile -t dirs < <(find runs/selftest -mindepth 1 -maxdepth 1 -type d | sort)
((${#dirs[@]} == 4)) || fail "expected 4 run directories under runs/selftest, found ${#dirs[@]}"
expected="$(seq 1 "$epochs" | tr '\n' ' ')"
for d in "${dirs[@]}"; do
  [[ -f "$d/DONE" ]] || fail "$d: no DONE"
  got="$(grep -o '^{"epoch":[0-9]*' "$d/epochs.jsonl" | cut -d: -f2 | tr '\n' ' ')"
  [[ "$got" == "$expected" ]] || fail "$d/epochs.jsonl: epochs $got, expected each of 1..$epochs once"
  attempt="$(grep -o '"attempt": [0-9]*' "$d/provenance.json" | grep -o '[0-9]*$')"
  want=1; [[ "$d" == "$victim_dir" ]] && want=2
  [[ "$attempt" == "$want" ]] || fail "$d: attempt $attempt, expected $want"
  grep -q "\"SLURM_ARRAY_JOB_ID\": \"$job\"" "$d/provenance.json" || fail "$d: provenance does not name job $job"
done
grep -q "resumed from .* after epoch" "$victim_dir/run.log" \
  || fail "$victim_dir/run.log: the requeued run did not resume from a checkpoint"
say "4 runs DONE, epochs 1..$epochs once each; $(grep -o 'resumed from .*' "$victim_dir/run.log" | sed 's|.*/checkpoints/|checkpoints/|')"

"$genrec" table runs --group dataset,train.lr --metrics R@10,N@10 >table.md
for lr in 0.003 0.01; do
  grep -qE "^\| tiny \| $lr \| .*±" table.md || fail "table.md has no mean ± std row for lr $lr: $(cat table.md)"
done
cat table.md
say "PASSED in $((SECONDS - started)) s"
trap - ERR
if [[ "${GENREC_SELFTEST_KEEP:-0}" == 1 ]]; then echo "selftest: scratch directory: $work"; else rm -rf "$work"; fi
