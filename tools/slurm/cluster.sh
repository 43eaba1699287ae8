#!/usr/bin/env bash
# A single-node Slurm cluster on this machine (munged + slurmctld + slurmd), for tests and CI.
#   tools/slurm/cluster.sh start   install (apt, when root and missing) + start; prints SLURM_CONF=<file>
#   tools/slurm/cluster.sh stop    stop the daemons this script started
# State lives in $WSSTAD_SLURM_DIR (default /tmp/wsstad-slurm). Exits non-zero with one line saying
# why when Slurm cannot start here (no root, no packages, daemons refuse): callers skip, saying so.
set -euo pipefail
DIR="${WSSTAD_SLURM_DIR:-/tmp/wsstad-slurm}"
CONF="$DIR/slurm.conf"
say() { echo "slurm-cluster: $*" >&2; }
die() { say "$*"; exit 1; }

stop() {
  local pid
  for p in slurmd slurmctld munged; do
    [ -f "$DIR/$p.pid" ] || continue
    pid="$(cat "$DIR/$p.pid")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$DIR/$p.pid"
  done
}

install() {
  command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v munged >/dev/null && return 0
  [ "$(id -u)" = 0 ] || die "slurm-wlm/munge not installed and not root: cannot apt-get install them"
  command -v apt-get >/dev/null || die "slurm-wlm/munge not installed and no apt-get here"
  say "installing slurm-wlm and munge (Debian packages)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends slurm-wlm munge >"$DIR/apt.log" 2>&1 \
    || { apt-get update >>"$DIR/apt.log" 2>&1 \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends slurm-wlm munge \
        >>"$DIR/apt.log" 2>&1; } \
    || die "apt-get install slurm-wlm munge failed (see $DIR/apt.log)"
}

start() {
  mkdir -p "$DIR"
  [ "$(id -u)" = 0 ] || die "needs root (slurmd runs jobs as their users; munged needs its key)"
  install
  stop
  local host cpus mem
  host="$(hostname -s)"; cpus="$(nproc)"; mem=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 / 2 ))
  mkdir -p "$DIR/state" "$DIR/spool" "$DIR/munge" /run/munge
  chown munge:munge "$DIR/munge" /run/munge 2>/dev/null || true
  if [ ! -s /etc/munge/munge.key ]; then
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 2>/dev/null
    chown munge:munge /etc/munge/munge.key; chmod 400 /etc/munge/munge.key
  fi
  if ! munge -n >/dev/null 2>&1; then
    runuser -u munge -- munged --pid-file="$DIR/munge/munged.pid" --log-file="$DIR/munge/munged.log" \
        2>"$DIR/munged.err" \
      || munged --force --pid-file="$DIR/munge/munged.pid" --log-file="$DIR/munge/munged.log" 2>>"$DIR/munged.err" \
      || die "munged does not start: $(tail -1 "$DIR/munged.err")"
    cp "$DIR/munge/munged.pid" "$DIR/munged.pid" 2>/dev/null || true
  fi
  munge -n >/dev/null 2>&1 || die "munge does not work (credential test failed)"
  cat >"$CONF" <<CONFEOF
ClusterName=wsstad
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/slurmctld.log
SlurmdLogFile=$DIR/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MaxArraySize=1001
SlurmctldTimeout=30
SlurmdTimeout=30
MpiDefault=none
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=wsstad Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=YES
CONFEOF
  export SLURM_CONF="$CONF"
  slurmctld -f "$CONF" -i 2>"$DIR/slurmctld.err" || die "slurmctld does not start: $(tail -1 "$DIR/slurmctld.err")"
  slurmd -f "$CONF" 2>"$DIR/slurmd.err" || die "slurmd does not start: $(tail -1 "$DIR/slurmd.err")"
  for _ in $(seq 1 60); do
    if sinfo -h -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then
      echo "SLURM_CONF=$CONF"
      say "up: node $host, $cpus CPUs, partition wsstad (SLURM_CONF=$CONF)"
      return 0
    fi
    sleep 1
  done
  die "node did not become idle in 60 s: $(sinfo -h 2>&1 | head -1); see $DIR/slurmctld.log and $DIR/slurmd.log"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
