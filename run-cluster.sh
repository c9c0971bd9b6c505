#!/usr/bin/env bash
# Runs an ActorSweep study. On a fresh machine this is the only set-up step besides `dotnet test`:
# it builds the CLI (Release), fetches and verifies the study's datasets on first use (the CLI does
# that before any training starts), sets the environment the trainers need, and runs the study on
# an embedded single-node cluster with one trainer slot per core.
#
#   ./run-cluster.sh experiments/quick.hocon [--out DIR] [--slots N] [--threads N] [--devices cpu|cuda:0,…]
#   ./run-cluster.sh --workers N experiments/quick.hocon   one coordinator + N worker processes on 127.0.0.1
#   ./run-cluster.sh --resume out/quick                    continue a crashed or interrupted study
#   ./run-cluster.sh --hosts hosts.txt --host 10.0.0.5 experiments/lth.hocon
#                    coordinator here (bound to 10.0.0.5), one worker per line of hosts.txt over ssh
#   ./run-cluster.sh --worker 10.0.0.5:4053 [--host ADDR|auto] [--slots N] [--devices cuda:0,cuda:1]   a worker node only
#   ./run-cluster.sh --slurm [sbatch options…] experiments/lth.hocon [actorsweep options…]
#                    submit one Slurm job: the coordinator on the allocation's first node, one worker per node (srun),
#                    slots from SLURM_CPUS_PER_TASK, GPUs from SLURM_GPUS_ON_NODE; submit the same command again after a
#                    cancel or time-out and the job resumes the study (so does a job Slurm requeues: give --requeue)
#   ./run-cluster.sh --coordinator-here --host 10.0.0.5 --slurm [sbatch options…] study.hocon
#                    the coordinator runs here (a login or service host the nodes reach), the job holds only workers
#
# hosts.txt: one "[user@]host [slots=N] [devices=cpu|cuda:0,…]" per line, # comments. Each host needs
# this repository at the same path (or ACTORSWEEP_REMOTE_DIR) and the .NET SDK; artifacts move through
# the cluster, so no shared filesystem is needed. --config FILE (e.g. hocon/tls.conf) goes to every node.
# Any other option after the study file is passed to `actorsweep run` (see `actorsweep --help`).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
submit_dir="$PWD"
workers=0
resume=0
hosts=""
bind_host="127.0.0.1"
worker_seed=""
config=()
slurm=0
sbatch_args=()
coordinator_here=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --slurm)
      # sbatch's options come next, up to the study (the first argument that is an existing file or folder).
      slurm=1; shift
      while [[ $# -gt 0 && ! -f "$1" && ! -d "$1" ]]; do sbatch_args+=("$1"); shift; done
      ;;
    --workers) workers="${2:?--workers needs a number}"; shift 2 ;;
    --resume) resume=1; shift ;;
    --hosts) hosts="${2:?--hosts needs a file}"; shift 2 ;;
    --host) bind_host="${2:?--host needs an address}"; shift 2 ;;
    --worker) worker_seed="${2:?--worker needs the coordinator as HOST:PORT}"; shift 2 ;;
    --config) config=(--config "${2:?--config needs a file}"); shift 2 ;;
    --coordinator-here) coordinator_here=1; shift ;;
    *) break ;;
  esac
done
if [[ -z "$worker_seed" && ( $# -lt 1 || "$1" == -h || "$1" == --help ) ]]; then
  sed -n '2,23p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit 2
fi
if [[ -n "$hosts" && ! -f "$hosts" ]]; then
  echo "run-cluster.sh: --hosts: file '$hosts' not found" >&2
  exit 2
fi
if [[ -n "$hosts" && "$bind_host" == 127.0.0.1 ]]; then
  echo "run-cluster.sh: --hosts needs --host ADDR, this machine's address that the worker hosts can reach (remoting binds 127.0.0.1 otherwise)" >&2
  exit 2
fi
# Read the hosts file before anything starts, so a bad line is an error that starts nothing.
host_targets=()
host_args=()
ssh_cmd="${ACTORSWEEP_SSH:-ssh}"
remote_dir="${ACTORSWEEP_REMOTE_DIR:-$here}"
if [[ -n "$hosts" ]]; then
  line_no=0
  while read -r target rest || [[ -n "$target" ]]; do
    line_no=$((line_no + 1))
    [[ -z "$target" || "$target" == \#* ]] && continue
    args=""
    for kv in $rest; do
      case "$kv" in
        slots=*) args+=" --slots ${kv#slots=}" ;;
        devices=*) args+=" --devices ${kv#devices=}" ;;
        \#*) break ;;
        *) echo "run-cluster.sh: $hosts:$line_no: host '$target': unknown setting '$kv' (expected slots=N or devices=cpu|cuda:0,…)" >&2; exit 2 ;;
      esac
    done
    host_targets+=("$target")
    host_args+=("$args")
  done < "$hosts"
  if [[ ${#host_targets[@]} -eq 0 ]]; then echo "run-cluster.sh: $hosts: no hosts (expected lines '[user@]host [slots=N] [devices=…]')" >&2; exit 2; fi
fi
study=""
if [[ -z "$worker_seed" ]]; then study="$1"; shift; fi
if [[ -n "$worker_seed" ]]; then
  :
elif [[ $resume -eq 1 && ! -d "$study" ]]; then
  echo "run-cluster.sh: --resume expects a study folder such as out/quick, got '$study'" >&2
  exit 2
elif [[ $slurm -eq 1 && ! -e "$study" ]]; then
  echo "run-cluster.sh: --slurm: no study file or folder after the sbatch options (got: ${sbatch_args[*]:-nothing})" >&2
  exit 2
elif [[ $slurm -eq 1 ]]; then
  command -v sbatch >/dev/null || { echo "run-cluster.sh: --slurm: sbatch not found (is this a Slurm submit host?)" >&2; exit 2; }
elif [[ $resume -eq 0 && ! -f "$study" ]]; then
  echo "run-cluster.sh: study file '$study' not found" >&2
  exit 2
fi
if ! [[ "$workers" =~ ^[0-9]+$ ]]; then
  echo "run-cluster.sh: --workers expects a whole number, got '$workers'" >&2
  exit 2
fi
command -v dotnet >/dev/null || { echo "run-cluster.sh: the .NET SDK (dotnet) is required" >&2; exit 2; }

# Build once per change; quiet unless it fails.
# ACTORSWEEP_TORCH_BACKEND=cuda builds against libtorch's CUDA natives (GPU hosts; docs/cluster.md).
# ACTORSWEEP_CLI=path/to/actorsweep.dll runs that build instead (no build here).
if [[ -n "${ACTORSWEEP_CLI:-}" ]]; then
  [[ -f "$ACTORSWEEP_CLI" ]] || { echo "run-cluster.sh: ACTORSWEEP_CLI: '$ACTORSWEEP_CLI' not found" >&2; exit 2; }
  cli_cmd=(dotnet "$(cd "$(dirname "$ACTORSWEEP_CLI")" && pwd)/$(basename "$ACTORSWEEP_CLI")")
else
  build_log="$(mktemp)"
  if ! dotnet build "$here/src/ActorSweep.Cli/ActorSweep.Cli.csproj" -c Release -nologo -v q -p:TorchBackend="${ACTORSWEEP_TORCH_BACKEND:-cpu}" >"$build_log" 2>&1; then
    cat "$build_log" >&2; rm -f "$build_log"
    echo "run-cluster.sh: build failed" >&2
    exit 1
  fi
  rm -f "$build_log"
  cli_cmd=("$here/src/ActorSweep.Cli/bin/Release/net10.0/actorsweep")
fi

# Count cores before OMP_NUM_THREADS is set: GNU nproc honours that variable.
slots="$(nproc)"

# PLATFORM.md: conv nets hit page-fault storms under glibc malloc's default thresholds; this must be
# set before the process starts. One libtorch thread per slot; OpenMP threads wait passively so
# slots on a shared core do not spin against each other.
export GLIBC_TUNABLES="${GLIBC_TUNABLES:-glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=4294967296}"
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
export ACTORSWEEP_DATA="${ACTORSWEEP_DATA:-$here/.cache/data}"

cd "$here"
out="${ACTORSWEEP_OUT:-out}"

# A worker whose slot hung exits 3 once its other slots are idle (the coordinator's progress watchdog took the slot out
# of service; a thread stuck in a native call cannot be mended in-process): start it again, as a launcher should.
# SIGTERM/SIGINT reach the worker; any other exit ends the loop with its code.
# Waits until the coordinator (process $1) listens at $2:$3; when it exits first, this script exits with its code.
wait_for_coordinator() {
  for _ in $(seq 1 300); do
    (exec 3<>"/dev/tcp/$2/$3") 2>/dev/null && return 0
    kill -0 "$1" 2>/dev/null || { wait "$1"; exit $?; }
    sleep 0.2
  done
}

restarting() {
  local child rc
  trap 'kill "$child" 2>/dev/null; wait "$child" 2>/dev/null; exit 143' TERM
  trap 'kill -INT "$child" 2>/dev/null; wait "$child" 2>/dev/null; exit 130' INT
  while :; do
    "$@" &
    child=$!
    rc=0; wait "$child" || rc=$?
    [[ $rc -eq 3 ]] || return "$rc"
    echo "run-cluster.sh: the worker was taken out of service (a hung slot, exit 3); starting it again" >&2
  done
}
if [[ $slurm -eq 1 ]]; then
  # One Slurm job runs the whole study: this writes its script (kept next to the study's output, under slurm/) and
  # submits it. The script starts the coordinator on the allocation's first node (the batch step) and one worker per
  # node with srun; a study folder that exists already is resumed, so submitting the same command again continues a
  # cancelled or timed-out job, and a job Slurm requeues (--requeue) continues by itself.
  # Paths are the submitter's: the study and the output folder (default ./out) on the submit directory's file system.
  cd "$submit_dir"
  port="${ACTORSWEEP_PORT:-4053}"   # --coordinator-here: where the coordinator listens on this host
  out_abs="$(mkdir -p "${ACTORSWEEP_OUT:-out}" && cd "${ACTORSWEEP_OUT:-out}" && pwd)"
  if [[ -d "$study" ]]; then
    folder="$(cd "$study" && pwd)"; study_abs="$folder/study.hocon"
    [[ -f "$study_abs" ]] || { echo "run-cluster.sh: --slurm: '$study' is not a study folder (no study.hocon)" >&2; exit 2; }
    out_abs="$(dirname "$folder")"
  else
    study_abs="$(cd "$(dirname "$study")" && pwd)/$(basename "$study")"
    # The study's name (its folder's) as the CLI reads it: "FILE: study 'NAME' is valid".
    checked="$("${cli_cmd[@]}" validate "$study_abs")" || exit 2
    name="$(sed -n "1s/.*: study '\(.*\)' is valid.*/\1/p" <<<"$checked")"
    [[ -n "$name" ]] || { echo "run-cluster.sh: --slurm: cannot tell the study's name from: $checked" >&2; exit 2; }
    folder="$out_abs/$name"
  fi
  job_dir="$out_abs/slurm"; mkdir -p "$job_dir"
  job="$job_dir/$(basename "$folder").sh"
  {
    echo '#!/usr/bin/env bash'
    echo "#SBATCH --job-name=actorsweep-$(basename "$folder")"
    echo '#SBATCH --ntasks-per-node=1'
    echo '#SBATCH --open-mode=append'
    echo "# Written by run-cluster.sh --slurm on $(date -u '+%Y-%m-%d %H:%M:%S') UTC. Submitting it again (sbatch $job, or the same"
    echo "# run-cluster.sh command) continues the study in $folder."
    echo 'set -uo pipefail'
    quoted() { local a; for a in "$@"; do printf '%q ' "$a"; done; }
    printf 'cd %q\n' "$here"
    printf 'export GLIBC_TUNABLES=%q OMP_WAIT_POLICY=%q OMP_NUM_THREADS=%q ACTORSWEEP_DATA=%q\n' "$GLIBC_TUNABLES" "$OMP_WAIT_POLICY" "$OMP_NUM_THREADS" "$ACTORSWEEP_DATA"
    printf 'cli=(%s)\n' "$(quoted "${cli_cmd[@]}")"
    printf 'study=%q\nfolder=%q\nout=%q\n' "$study_abs" "$folder" "$out_abs"
    printf 'config=(%s)\nextra=(%s)\n' "$(quoted "${config[@]}")" "$(quoted "$@")"
    [[ -n "${ACTORSWEEP_CLI:-}" ]] && printf 'export ACTORSWEEP_CLI=%q\n' "$ACTORSWEEP_CLI"
    if [[ $coordinator_here -eq 1 ]]; then
      # Workers only: the coordinator runs on the submit host.
      printf 'coordinator_at=%q\n' "$bind_host:$port"
      cat <<'JOB'
echo "[$(date -u +%T)] job $SLURM_JOB_ID (restart ${SLURM_RESTART_COUNT:-0}): workers for the coordinator at $coordinator_at"
srun --ntasks-per-node=1 --kill-on-bad-exit=0 ./run-cluster.sh --worker "$coordinator_at" --host auto "${config[@]}" 2>&1 | sed -u 's/^/[worker] /'
JOB
    else
    cat <<'JOB'
nodes=($(scontrol show hostnames "$SLURM_JOB_NODELIST"))
# The coordinator runs here, on the first node, at the address the other nodes reach it by (ACTORSWEEP_SLURM_HOST overrides).
head="${ACTORSWEEP_SLURM_HOST:-$(getent ahostsv4 "${nodes[0]}" | awk 'NR == 1 { print $1 }')}"
head="${head:-$(hostname -I | awk '{ print $1 }')}"
port="${ACTORSWEEP_PORT:-$((20000 + SLURM_JOB_ID % 20000))}"
if [[ -f "$folder/study.hocon" ]]; then
  echo "[$(date -u +%T)] job $SLURM_JOB_ID (restart ${SLURM_RESTART_COUNT:-0}): resuming $folder"
  target=("$folder")
else
  echo "[$(date -u +%T)] job $SLURM_JOB_ID: starting $study into $out"
  target=("$study" --out "$out")
fi
"${cli[@]}" coordinator "${target[@]}" --host "$head" --port "$port" --plain "${config[@]}" "${extra[@]}" &
coordinator=$!
workers=""
stop() { kill -TERM "$coordinator" $workers 2>/dev/null; wait "$coordinator"; exit 143; }
trap stop TERM INT
for _ in $(seq 1 300); do
  (exec 3<>"/dev/tcp/$head/$port") 2>/dev/null && break
  kill -0 "$coordinator" 2>/dev/null || { wait "$coordinator"; exit $?; }
  sleep 0.2
done
# One worker per node; each takes its slots from its own task's CPUs or GPUs and is restarted if a slot hangs.
srun --ntasks-per-node=1 --kill-on-bad-exit=0 --overlap ./run-cluster.sh --worker "$head:$port" --host auto "${config[@]}" 2>&1 | sed -u 's/^/[worker] /' &
workers=$!
wait "$coordinator"; status=$?
for _ in $(seq 1 75); do kill -0 "$workers" 2>/dev/null || break; sleep 0.2; done
kill "$workers" 2>/dev/null
echo "[$(date -u +%T)] job $SLURM_JOB_ID: coordinator exited $status"
exit "$status"
JOB
    fi
  } > "$job"
  chmod +x "$job"
  has_output=0
  for a in "${sbatch_args[@]}"; do case "$a" in -o|--output|--output=*|-o*) has_output=1 ;; esac; done
  default_output=(); [[ $has_output -eq 1 ]] || default_output=(--output "$submit_dir/slurm-%j.out")
  if [[ $coordinator_here -eq 0 ]]; then
    echo "run-cluster.sh: submitting $job (study folder $folder)"
    exec sbatch "${default_output[@]}" "${sbatch_args[@]}" "$job"
  fi
  # The coordinator here, the workers in the job: this script lives as long as the study, and cancels the job at the end
  # (its workers leave once the coordinator has left; a job still queued then has nothing to do).
  if [[ -f "$folder/study.hocon" ]]; then target=("$folder"); else target=("$study_abs" --out "$out_abs"); fi
  "${cli_cmd[@]}" coordinator "${target[@]}" --host "$bind_host" --port "$port" --plain "${config[@]}" "$@" &
  coordinator=$!
  trap 'kill -TERM "$coordinator" 2>/dev/null; wait "$coordinator"; [[ -n "${job_id:-}" ]] && scancel "$job_id" 2>/dev/null; exit 143' TERM INT
  wait_for_coordinator "$coordinator" "$bind_host" "$port"
  echo "run-cluster.sh: coordinator here at $bind_host:$port; submitting $job (workers only; study folder $folder)"
  submitted="$(sbatch --parsable "${default_output[@]}" "${sbatch_args[@]}" "$job")" || { kill -TERM "$coordinator"; wait "$coordinator"; exit 1; }
  job_id="${submitted%%;*}"
  echo "Submitted batch job $job_id"
  status=0; wait "$coordinator" || status=$?
  sleep 2; scancel "$job_id" 2>/dev/null || true
  exit "$status"
fi
if [[ -n "$worker_seed" ]]; then
  # A worker node only (what --hosts starts on each host over ssh); it binds to --host, or with
  # --host auto to the address this host uses to reach the coordinator.
  if [[ "$bind_host" == auto ]]; then
    seed_host="${worker_seed%:*}"
    case "$seed_host" in
      127.*|localhost) bind_host=127.0.0.1 ;;   # a coordinator on loopback is reached from loopback
      *) bind_host="$(ip -o route get "$seed_host" 2>/dev/null | sed -n 's/.* src \([^ ]*\).*/\1/p')" ;;
    esac
    [[ -n "$bind_host" ]] || bind_host="$(hostname -I 2>/dev/null | awk '{print $1}')"
    [[ -n "$bind_host" ]] || { echo "run-cluster.sh: --host auto: cannot tell this host's address towards $seed_host; give --host ADDR" >&2; exit 2; }
  fi
  case " $* " in
    *" --slots "*|*" --devices "*) slot_args=() ;;
    *)
      # Inside a Slurm job: the GPUs of this node's task, else its CPUs (one slot per CPU).
      gpus="${SLURM_GPUS_ON_NODE:-}"
      [[ -z "$gpus" && -n "${SLURM_JOB_ID:-}" && -n "${CUDA_VISIBLE_DEVICES:-}" ]] && gpus="$(tr ',' '\n' <<<"$CUDA_VISIBLE_DEVICES" | grep -c .)"
      if [[ -n "${SLURM_JOB_ID:-}" && "${gpus:-0}" =~ ^[0-9]+$ && "${gpus:-0}" -gt 0 ]]; then
        slot_args=(--devices "$(seq -s, -f 'cuda:%g' 0 $((gpus - 1)))")
      elif [[ -n "${SLURM_JOB_ID:-}" ]]; then
        slot_args=(--slots "${SLURM_CPUS_PER_TASK:-${SLURM_CPUS_ON_NODE:-$slots}}")
      else
        slot_args=(--slots "$slots")
      fi ;;
  esac
  restarting "${cli_cmd[@]}" worker --seed "$worker_seed" --host "$bind_host" "${slot_args[@]}" "${config[@]}" "$@"
  exit $?
fi
if [[ $workers -eq 0 && -z "$hosts" ]]; then
  # Defaults only for what the caller did not give (an option given twice is a usage error).
  case " $* " in *" --slots "*|*" --slots="*|*" --devices "*|*" --devices="*) slot_args=() ;; *) slot_args=(--slots "$slots") ;; esac
  case " $* " in *" --out "*|*" --out="*) out_args=() ;; *) out_args=(--out "$out") ;; esac
  if [[ $resume -eq 1 ]]; then exec "${cli_cmd[@]}" resume "$study" "${slot_args[@]}" "${config[@]}" "$@"; fi
  exec "${cli_cmd[@]}" run "$study" "${out_args[@]}" "${slot_args[@]}" "${config[@]}" "$@"
fi

# A multi-process cluster: one coordinator process here and N local worker processes on loopback,
# and/or one worker per line of the hosts file, started over ssh. Workers get artifacts through the
# cluster (local ones share this machine's cache). Only the processes started here are stopped, by
# their PIDs, when the study ends or on Ctrl-C; remote workers leave by themselves once the
# coordinator has left (at once), or has stayed away past their rejoin grace (actorsweep.rejoin-grace).
port="${ACTORSWEEP_PORT:-4053}"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
trap 'exit 130' INT TERM
[[ $resume -eq 1 ]] && out="$(dirname "$study")"
case " $* " in *" --out "*|*" --out="*) out_args=() ;; *) out_args=(--out "$out") ;; esac
"${cli_cmd[@]}" coordinator "$study" "${out_args[@]}" --host "$bind_host" --port "$port" "${config[@]}" "$@" &
coordinator=$!
pids+=("$coordinator")
wait_for_coordinator "$coordinator" "$bind_host" "$port"
if [[ $workers -gt 0 ]]; then
  per_worker=$(( slots / workers )); (( per_worker < 1 )) && per_worker=1
  for i in $(seq 1 "$workers"); do
    restarting "${cli_cmd[@]}" worker --seed "$bind_host:$port" --host "$bind_host" --cache "$out/.cache" --slots "$per_worker" "${config[@]}" \
      > >(sed "s/^/[worker $i] /") 2>&1 &
    pids+=("$!")
  done
fi
for i in "${!host_targets[@]}"; do
  # The worker binds to the address its host uses to reach the coordinator (--host auto).
  remote="cd $(printf %q "$remote_dir") && ./run-cluster.sh --worker $bind_host:$port --host auto ${config[*]} ${host_args[$i]}"
  $ssh_cmd -o BatchMode=yes "${host_targets[$i]}" "$remote" < /dev/null > >(sed "s/^/[${host_targets[$i]}] /") 2>&1 &
  pids+=("$!")
done
status=0
wait "$coordinator" || status=$?
# Local workers leave by themselves once the coordinator has left the cluster (a second or so): let them end
# quietly before the EXIT trap stops whatever is still running.
for _ in $(seq 1 75); do
  alive=0
  for p in "${pids[@]:1}"; do kill -0 "$p" 2>/dev/null && alive=1; done
  [[ $alive -eq 0 ]] && break
  sleep 0.2
done
exit "$status"
