#!/usr/bin/env bash
# A real one-node SLURM cluster on this machine, for running `genrec sweep --emit-slurm` job arrays
# (tools/slurm/selftest.sh checks one end to end; tools/slurm/stop.sh stops it).
#
# Installs Debian's slurm-wlm and munge when missing, writes a slurm.conf for this node (CPUs and
# memory as slurmd itself detects them), starts munged, slurmctld and slurmd directly (containers
# have no systemd) and waits until the node accepts jobs. Running it again is harmless: daemons
# already up are left alone, and only a changed configuration restarts the SLURM daemons.
#
# Needs root. State, logs and the configuration live under GENREC_SLURM_DIR
# (default /var/tmp/genrec-slurm); /etc/slurm/slurm.conf links to that configuration unless the
# machine already has one of its own, in which case the SLURM commands need
#   export SLURM_CONF=$GENREC_SLURM_DIR/slurm.conf      (or: source $GENREC_SLURM_DIR/env)
set -euo pipefail

state="${GENREC_SLURM_DIR:-/var/tmp/genrec-slurm}"
wait_s="${GENREC_SLURM_WAIT:-60}"
conf="$state/slurm.conf"
host="$(hostname -s)"

say() { echo "local-cluster: $*"; }
die() { echo "local-cluster: error: $*" >&2; exit 1; }

[[ "$(id -u)" == 0 ]] || die "run as root (it installs packages and starts the SLURM daemons as root)"

# --- packages ------------------------------------------------------------------------------------
missing=()
for tool in munged munge unmunge slurmctld slurmd sbatch squeue scontrol scancel sinfo; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
if ((${#missing[@]})); then
  command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get here; install slurm-wlm and munge yourself"
  say "installing slurm-wlm and munge (missing: ${missing[*]})"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || die "apt-get update failed (no network or no Debian mirror?)"
  apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null \
    || die "apt-get install slurm-wlm munge failed"
fi

# --- munge ---------------------------------------------------------------------------------------
munge_up() { munge -n 2>/dev/null | unmunge >/dev/null 2>&1; }
if munge_up; then
  say "munged already running"
else
  # munged refuses a key, socket or log directory that munge does not own.
  mkdir -p /etc/munge /var/lib/munge /var/log/munge /run/munge
  if [[ ! -s /etc/munge/munge.key ]]; then
    if command -v mungekey >/dev/null; then mungekey --create --force >/dev/null
    else dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none; fi
  fi
  chown -R munge:munge /etc/munge /var/lib/munge /var/log/munge /run/munge
  chmod 0700 /etc/munge /var/lib/munge /var/log/munge
  chmod 0755 /run/munge
  chmod 0400 /etc/munge/munge.key
  runuser -u munge -- /usr/sbin/munged || die "munged did not start; see /var/log/munge/munged.log"
  for _ in $(seq 1 50); do munge_up && break; sleep 0.1; done
  munge_up || die "munged started but munge -n | unmunge fails; see /var/log/munge/munged.log"
  mkdir -p "$state"
  touch "$state/munged.ours"   # stop.sh stops munged only when this script started it
  say "started munged"
fi

# --- configuration -------------------------------------------------------------------------------
mkdir -p "$state/ctld" "$state/d" "$state/log"
# slurmd -C prints this node as slurmd sees it; a node configured with more than that is drained.
node="$(slurmd -C 2>/dev/null | head -n1 || true)"
if [[ "$node" != NodeName=* ]]; then
  node="NodeName=$host CPUs=$(nproc) RealMemory=$(free -m | awk '/^Mem:/ {print $2}')"
fi
node="$(sed -E "s/^NodeName=[^ ]+/NodeName=$host/" <<<"$node")"
tmp_conf="$(mktemp "$state/slurm.conf.XXXXXX")"
cat >"$tmp_conf" <<EOF
# Written by genrec tools/slurm/local-cluster.sh: a one-node cluster on $host.
ClusterName=genrec
SlurmctldHost=$host
AuthType=auth/munge
# A requeued job waits cred_expire seconds before it starts again (default 120); one node needs less.
AuthInfo=cred_expire=20
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/d
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/log/slurmctld.log
SlurmdLogFile=$state/log/slurmd.log
# No cgroups in a container: track job processes through /proc, bind no tasks.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
# A node that was down (a restart of this script) comes back on its own.
ReturnToService=2
# Finished jobs stay visible to scontrol for 10 minutes (selftest.sh reads their exit codes).
MinJobAge=600
# Time between SIGTERM and SIGKILL when a job is cancelled.
KillWait=10
$node State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
changed=1
if [[ -f "$conf" ]] && cmp -s "$tmp_conf" "$conf"; then
  changed=0
  rm -f "$tmp_conf"
else
  mv "$tmp_conf" "$conf"
  say "wrote $conf ($node)"
fi
printf 'export SLURM_CONF=%q\n' "$conf" >"$state/env"

mkdir -p /etc/slurm
if [[ -L /etc/slurm/slurm.conf || ! -e /etc/slurm/slurm.conf ]]; then
  ln -sfn "$conf" /etc/slurm/slurm.conf
  system_conf=1
else
  system_conf=0
fi
export SLURM_CONF="$conf"

# --- daemons -------------------------------------------------------------------------------------
running() {  # running NAME: the daemon named in its pid file is alive
  local pidfile="$state/$1.pid" pid
  [[ -f "$pidfile" ]] || return 1
  pid="$(cat "$pidfile")"
  [[ -n "$pid" && -r "/proc/$pid/comm" && "$(cat "/proc/$pid/comm")" == "$1" ]]
}
stop_daemon() {
  local pid
  running "$1" || return 0
  pid="$(cat "$state/$1.pid")"
  kill "$pid"
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}
if ((changed)) && { running slurmctld || running slurmd; }; then
  say "configuration changed: restarting slurmctld and slurmd"
  stop_daemon slurmd
  stop_daemon slurmctld
fi
for daemon in slurmctld slurmd; do
  if running "$daemon"; then
    say "$daemon already running (pid $(cat "$state/$daemon.pid"))"
  else
    "/usr/sbin/$daemon" -f "$conf" || die "$daemon did not start; see $state/log/$daemon.log"
    say "started $daemon"
  fi
done

# --- wait until the node takes jobs --------------------------------------------------------------
deadline=$((SECONDS + wait_s))
until scontrol ping 2>/dev/null | grep -q 'is UP'; do
  ((SECONDS < deadline)) || die "slurmctld does not answer after ${wait_s}s; see $state/log/slurmctld.log"
  sleep 0.5
done
while :; do
  node_state="$(sinfo -h -n "$host" -o %T 2>/dev/null | head -n1)"
  case "$node_state" in
    idle*|mixed*|allocated*|completing*) break ;;
    drain*|down*) scontrol update NodeName="$host" State=RESUME 2>/dev/null || true ;;
  esac
  ((SECONDS < deadline)) || die "node $host is '${node_state:-unknown}' after ${wait_s}s; see $state/log/slurmd.log"
  sleep 0.5
done

say "node $host is $node_state; partition debug is up"
if ((system_conf)); then
  say "submit with: sbatch FILE   (stop with tools/slurm/stop.sh)"
else
  say "/etc/slurm/slurm.conf is another cluster's; first: source $state/env"
fi
