#!/usr/bin/env bash
# Run a sweep as n shards, the way a batch scheduler would, then merge the shards and build the tables.
#
#   pnpm install && pnpm build
#   examples/sharded-sweep.sh                      # paper2025, 4 shards, into ./sweep-out
#   SHARDS=8 PRESET=spec-default EXTRA="--replicates 3 --kappas 0.5,1,2" OUT=/tmp/s examples/sharded-sweep.sh
#
# Each shard is an independent process that only needs the same command line plus its own
# --shard k/n and --out directory; on a cluster each line of the loop below is one array task
# (Kubernetes Indexed Job, Slurm array, CI matrix — see packages/policy-eval/README.md). A shard
# that is killed is resumed by running its command again. `ring merge` checks that all n shards of
# the same sweep are present and finished and writes the same bytes as one unsharded sweep.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PRESET="${PRESET:-paper2025}"
SHARDS="${SHARDS:-4}"
OUT="${OUT:-sweep-out}"
EXTRA="${EXTRA:---emulate-display-abort}"

if [[ -z "${RING:-}" ]]; then            # RING="ring" uses an installed @ring/cli instead
  CLI="${HERE}/../packages/cli/dist/cli.js"
  [[ -f "${CLI}" ]] || { echo "build first: pnpm install && pnpm build" >&2; exit 1; }
  RING="node ${CLI}"
fi

mkdir -p "${OUT}"
pids=()
for k in $(seq 1 "${SHARDS}"); do
  # One array task. --workers 1: the scheduler gives each task its own CPU.
  # shellcheck disable=SC2086
  ${RING} sweep --preset "${PRESET}" ${EXTRA} --shard "${k}/${SHARDS}" --workers 1 \
    --out "${OUT}/shard-${k}-of-${SHARDS}" > "${OUT}/shard-${k}.log" 2>&1 &
  pids+=("$!")
done
status=0
for pid in "${pids[@]}"; do wait "${pid}" || status=1; done
if [[ ${status} -ne 0 ]]; then
  echo "a shard failed; see ${OUT}/shard-*.log (rerun the script: finished pairs are not run again)" >&2
  exit 1
fi

rm -rf "${OUT}/merged"
# shellcheck disable=SC2086
${RING} merge --out "${OUT}/merged" "${OUT}"/shard-*-of-"${SHARDS}"
${RING} tables "${OUT}/merged"
echo "merged sweep: ${OUT}/merged/aggregate/  tables: ${OUT}/merged/tables/tables.md"
