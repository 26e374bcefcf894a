#!/usr/bin/env bash
# Stops the one-node cluster tools/slurm/local-cluster.sh started: slurmd, slurmctld, and munged
# when that script was the one that started it. Jobs still queued or running are cancelled first.
# --purge also removes the state directory (job state, logs, configuration).
set -euo pipefail

state="${GENREC_SLURM_DIR:-/var/tmp/genrec-slurm}"
purge=0
case "${1:-}" in
  "") ;;
  --purge) purge=1 ;;
  *) echo "usage: $0 [--purge]" >&2; exit 2 ;;
esac

say() { echo "stop: $*"; }

# stop NAME PIDFILE: TERM the process named in PIDFILE if it is NAME, KILL it after 10 s.
stop() {
  local name="$1" pidfile="$2" pid
  if [[ ! -f "$pidfile" ]]; then say "$name: not running (no $pidfile)"; return 0; fi
  pid="$(cat "$pidfile")"
  if [[ -z "$pid" || ! -r "/proc/$pid/comm" || "$(cat "/proc/$pid/comm")" != "$name" ]]; then
    say "$name: not running (stale $pidfile)"
    return 0
  fi
  kill "$pid"
  for _ in $(seq 1 100); do
    if ! kill -0 "$pid" 2>/dev/null; then say "$name: stopped (pid $pid)"; return 0; fi
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
  say "$name: killed (pid $pid did not stop within 10 s)"
}

# slurmstepd outlives slurmd, so jobs would keep running unmanaged: cancel them first.
export SLURM_CONF="$state/slurm.conf"
if [[ -f "$SLURM_CONF" ]] && scontrol ping 2>/dev/null | grep -q 'is UP'; then
  jobs="$(squeue -h -o %A 2>/dev/null | sort -u | tr '\n' ' ')"
  if [[ -n "${jobs// /}" ]]; then
    say "cancelling jobs: $jobs"
    # shellcheck disable=SC2086
    scancel $jobs || true
    for _ in $(seq 1 60); do [[ -z "$(squeue -h -o %A 2>/dev/null)" ]] && break; sleep 0.5; done
  fi
fi
stop slurmd "$state/slurmd.pid"
stop slurmctld "$state/slurmctld.pid"
if [[ -f "$state/munged.ours" ]]; then
  stop munged /run/munge/munged.pid
  rm -f "$state/munged.ours"
elif munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  say "munged: left running (local-cluster.sh did not start it)"
else
  say "munged: not running"
fi
if ((purge)); then
  if [[ -L /etc/slurm/slurm.conf && "$(readlink /etc/slurm/slurm.conf)" == "$state/slurm.conf" ]]; then
    rm -f /etc/slurm/slurm.conf
  fi
  rm -rf "$state"
  say "removed $state"
fi
