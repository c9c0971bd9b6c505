#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, for trying `run-cluster.sh --slurm` on a laptop and for the tests:
# munged, slurmctld and slurmd on 127.0.0.1, every file (key, state, spool, logs, pids) in one folder, nothing
# in /etc touched and no system service started. Needs Debian's slurmctld, slurmd, slurm-client and munge
# packages (`apt-get install slurmctld slurmd slurm-client munge`); run as root (slurmd launches jobs as
# their users).
#
#   scripts/slurm-local.sh start DIR [CPUS]   start the cluster in DIR (CPUS default: nproc); prints the line
#                                              `export SLURM_CONF=DIR/slurm.conf` that sbatch/srun/squeue need
#   scripts/slurm-local.sh stop DIR           stop the daemons started in DIR (by their pid files)
#
# Then, e.g.:  export SLURM_CONF=DIR/slurm.conf; ./run-cluster.sh --slurm -N 1 -c 2 experiments/quick.hocon
set -euo pipefail

cmd="${1:-}"; dir="${2:-}"
[[ -n "$cmd" && -n "$dir" ]] || { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
mkdir -p "$dir"; dir="$(cd "$dir" && pwd)"

stop() {
  for pidfile in "$dir/slurmd.pid" "$dir/slurmctld.pid" "$dir/munged.pid"; do
    [[ -f "$pidfile" ]] || continue
    pid="$(cat "$pidfile")"
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
  done
}

case "$cmd" in
  stop) stop; exit 0 ;;
  start) ;;
  *) echo "slurm-local.sh: unknown command '$cmd' (start or stop)" >&2; exit 2 ;;
esac

for tool in munged slurmctld slurmd sbatch srun scontrol; do
  command -v "$tool" >/dev/null || { echo "slurm-local.sh: $tool not found; install Debian's slurmctld slurmd slurm-client munge" >&2; exit 2; }
done
[[ $(id -u) -eq 0 ]] || { echo "slurm-local.sh: run as root (slurmd starts jobs as their users)" >&2; exit 2; }

cpus="${3:-$(nproc)}"
node="$(hostname -s)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
  || shuf -i 20000-60000 -n 1; }
ctld_port="$(free_port)"; d_port="$(free_port)"
mkdir -p "$dir/state" "$dir/spool" "$dir/log"

# munge: a fresh key in the folder; its socket there too (AuthInfo tells Slurm where).
dd if=/dev/urandom of="$dir/munge.key" bs=1 count=1024 status=none
chmod 0400 "$dir/munge.key"
munged --force --socket="$dir/munge.socket" --key-file="$dir/munge.key" --pid-file="$dir/munged.pid" \
  --log-file="$dir/log/munged.log" --seed-file="$dir/munge.seed"

cat > "$dir/slurm.conf" <<CONF
ClusterName=actorsweep-local
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$d_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge.socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
SlurmctldTimeout=30
SlurmdTimeout=60
InactiveLimit=0
KillWait=10
MinJobAge=60
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=local Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$dir/slurm.conf"

slurmctld -f "$SLURM_CONF" -i    # -i: ignore state saved by an earlier start in this folder
slurmd -f "$SLURM_CONF" -N "$node"
for _ in $(seq 1 100); do
  if sinfo -h -o '%t' 2>/dev/null | grep -qE '^(idle|mix|alloc)'; then
    echo "export SLURM_CONF=$SLURM_CONF"
    exit 0
  fi
  sleep 0.2
done
echo "slurm-local.sh: the node did not become idle within 20 s; see $dir/log/" >&2
sinfo >&2 || true
exit 1
