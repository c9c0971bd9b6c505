#!/usr/bin/env bash
# Runs an ActorSweep study. On a fresh machine this is the only set-up step besides `dotnet test`:
# it builds the CLI (Release), fetches and verifies the study's datasets on first use (the CLI does
# that before any training starts), sets the environment the trainers need, and runs the study on
# an embedded single-node cluster with one trainer slot per core.
#
#   ./run-cluster.sh experiments/quick.hocon [--out DIR] [--slots N] [--threads N] [--devices cpu|cuda:0,…]
#
# Any option after the study file is passed to `actorsweep run` (see `actorsweep --help`).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ $# -lt 1 || "$1" == -h || "$1" == --help ]]; then
  sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit 2
fi
study="$1"; shift
if [[ ! -f "$study" ]]; then
  echo "run-cluster.sh: study file '$study' not found" >&2
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
exec "$cli" run "$study" --out "${ACTORSWEEP_OUT:-out}" --slots "$slots" "$@"
