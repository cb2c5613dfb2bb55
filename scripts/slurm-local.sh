#!/usr/bin/env bash
# A single-node Slurm on this machine, for the tests and for trying `hlsched batch --executor slurm`.
#   bash scripts/slurm-local.sh start   installs slurmctld slurmd slurm-client munge when missing, writes
#                                       a config under $HLSCHED_SLURM_DIR (default /tmp/hlsched-slurm), starts
#                                       munged, slurmctld and slurmd unless running, waits for an idle node,
#                                       and prints `export SLURM_CONF=...` (the only line on stdout)
#   bash scripts/slurm-local.sh stop    stops the daemons it started (by their pid files)
#   bash scripts/slurm-local.sh status  prints the node state
# Safe to run twice. No systemd needed: the daemons are started by hand (see ../shared/notes/slurm.md).
set -euo pipefail
DIR="${HLSCHED_SLURM_DIR:-/tmp/hlsched-slurm}"
CONF="$DIR/slurm.conf"
say() { echo "slurm-local: $*" >&2; }

running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

install_missing() {
  local missing=()
  command -v slurmctld >/dev/null || missing+=(slurmctld)
  command -v slurmd >/dev/null || missing+=(slurmd)
  command -v sbatch >/dev/null || missing+=(slurm-client)
  [ -x /usr/sbin/munged ] || missing+=(munge)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    say "missing ${missing[*]}; run as root or install them: apt-get install -y slurmctld slurmd slurm-client munge"
    exit 1
  fi
  say "installing ${missing[*]} (apt-get)"
  # Package scripts may try to start services; without systemd that fails harmlessly.
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends slurmctld slurmd slurm-client munge >&2 \
    || { apt-get -o DPkg::Lock::Timeout=600 update >&2 && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends slurmctld slurmd slurm-client munge >&2; }
}

write_config() {
  mkdir -p "$DIR/state" "$DIR/spool" "$DIR/log"
  local cpus
  cpus="$(nproc)"
  cat >"$CONF.new" <<EOF
ClusterName=hlsched
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$DIR/log/jobcomp.txt
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
MailProg=/bin/true
MaxArraySize=10001
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=2000 State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP OverSubscribe=YES:8
EOF
  mv "$CONF.new" "$CONF"
}

start() {
  # Two callers at once (parallel test files) must not start the daemons twice.
  mkdir -p "$DIR"
  # The daemons started below must not inherit fd 9 (9>&-): a daemon holding it would hold the lock
  # for its whole life, and every later `start` would wait on it forever.
  exec 9>"$DIR/.start.lock"
  flock -w 300 9 || { say "another start has held $DIR/.start.lock for 5 minutes; see $DIR/log/"; exit 1; }
  install_missing
  if ! running "$DIR/slurmctld.pid" || [ ! -f "$CONF" ]; then write_config; fi
  if ! pgrep -x munged >/dev/null; then
    mkdir -p /run/munge /var/log/munge /var/lib/munge /etc/munge
    chown munge:munge /run/munge /var/log/munge /var/lib/munge 2>/dev/null || true
    if [ ! -s /etc/munge/munge.key ]; then
      dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
      chown munge:munge /etc/munge/munge.key && chmod 400 /etc/munge/munge.key
    fi
    runuser -u munge -- /usr/sbin/munged 9>&-
  fi
  running "$DIR/slurmctld.pid" || slurmctld -f "$CONF" 9>&-
  running "$DIR/slurmd.pid" || slurmd -f "$CONF" -N localhost 9>&-
  local state=""
  for _ in $(seq 1 60); do
    state="$(SLURM_CONF="$CONF" sinfo -h -o %T 2>/dev/null | head -1 || true)"
    case "$state" in idle|mixed|allocated|completing) break ;; esac
    sleep 0.5
  done
  case "$state" in
    idle|mixed|allocated|completing) ;;
    *) say "the node did not become idle (state '${state:-none}'); see $DIR/log/"; exit 1 ;;
  esac
  say "single-node Slurm is up (node localhost, partition debug, state $state)"
  echo "export SLURM_CONF=$CONF"
}

stop() {
  local pidfile
  for pidfile in "$DIR/slurmd.pid" "$DIR/slurmctld.pid"; do
    if running "$pidfile"; then kill "$(cat "$pidfile")"; fi
  done
  for _ in $(seq 1 20); do
    running "$DIR/slurmd.pid" || running "$DIR/slurmctld.pid" || break
    sleep 0.25
  done
  say "stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) SLURM_CONF="$CONF" sinfo -h -o '%N %T' ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
