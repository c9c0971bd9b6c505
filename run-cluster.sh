#!/usr/bin/env bash
# Runs an ActorSweep study. On a fresh machine this is the only set-up step besides `dotnet test`:
# it builds the CLI (Release), fetches and verifies the study's datasets on first use (the CLI does
# that before any training starts), sets the environment the trainers need, and runs the study on
# an embedded single-node cluster with one trainer slot per core.
#
#   ./run-cluster.sh experiments/quick.hocon [--out DIR] [--slots N] [--threads N] [--devices cpu|cuda:0,…]
#   ./run-cluster.sh --workers N experiments/quick.hocon   one coordinator + N worker processes on 127.0.0.1
#   ./run-cluster.sh --resume out/quick                    continue a crashed or interrupted study
#
# Any other option after the study file is passed to `actorsweep run` (see `actorsweep --help`).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
workers=0
resume=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --workers) workers="${2:?--workers needs a number}"; shift 2 ;;
    --resume) resume=1; shift ;;
    *) break ;;
  esac
done
if [[ $# -lt 1 || "$1" == -h || "$1" == --help ]]; then
  sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit 2
fi
study="$1"; shift
if [[ $resume -eq 1 && ! -d "$study" ]]; then
  echo "run-cluster.sh: --resume expects a study folder such as out/quick, got '$study'" >&2
  exit 2
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
build_log="$(mktemp)"
if ! dotnet build "$here/src/ActorSweep.Cli/ActorSweep.Cli.csproj" -c Release -nologo -v q >"$build_log" 2>&1; then
  cat "$build_log" >&2; rm -f "$build_log"
  echo "run-cluster.sh: build failed" >&2
  exit 1
fi
rm -f "$build_log"
cli="$here/src/ActorSweep.Cli/bin/Release/net10.0/actorsweep"

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
if [[ $workers -eq 0 ]]; then
  if [[ $resume -eq 1 ]]; then exec "$cli" resume "$study" --slots "$slots" "$@"; fi
  exec "$cli" run "$study" --out "$out" --slots "$slots" "$@"
fi

# A local multi-process cluster on loopback: one coordinator process and N worker processes sharing
# the output folder (shared-filesystem artifact mode). Only the processes started here are stopped,
# by their PIDs, when the study ends or on Ctrl-C.
port="${ACTORSWEEP_PORT:-4053}"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
trap 'exit 130' INT TERM
[[ $resume -eq 1 ]] && out="$(dirname "$study")"
"$cli" coordinator "$study" --out "$out" --port "$port" "$@" &
coordinator=$!
pids+=("$coordinator")
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  kill -0 "$coordinator" 2>/dev/null || { wait "$coordinator"; exit $?; }
  sleep 0.2
done
per_worker=$(( slots / workers )); (( per_worker < 1 )) && per_worker=1
for i in $(seq 1 "$workers"); do
  "$cli" worker --seed "127.0.0.1:$port" --out "$out" --slots "$per_worker" > >(sed "s/^/[worker $i] /") 2>&1 &
  pids+=("$!")
done
wait "$coordinator"
