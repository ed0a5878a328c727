#!/usr/bin/env bash
# Run a verisim sweep as a Slurm job array: one array task per shard. The array's ids are the
# shard numbers, counted from 1 (--array=1-4 runs --shard 1/4 to 4/4), and the shard count is
# given explicitly with --shards: SLURM_ARRAY_TASK_COUNT is not used, since resubmitting one task
# (`sbatch --array=2 examples/slurm-array.sh`) makes it 1. Keep --array=1-N and shards=N equal.
# Submit from the repository's root (after `npm ci`):
#   sbatch examples/slurm-array.sh
# and when every task has finished:
#   node cli/bin.js merge results/shard-* --out results/merged
#
# Slurm opens the --output file before the script runs and does not create its folder, so the
# log goes to the submission folder, which always exists (a path under results/ would need
# `mkdir -p results` before sbatch, or the tasks fail without a log).
#SBATCH --job-name=verisim-sweep
#SBATCH --array=1-4
#SBATCH --cpus-per-task=2
#SBATCH --mem=4G
#SBATCH --time=01:00:00
#SBATCH --output=verisim-sweep-%A_%a.out
set -euo pipefail
cd "${SLURM_SUBMIT_DIR:-.}"
mkdir -p results
export CI=true
shards=4
# A requeued task resumes its shard: finished runs are kept in its folder (on another node, once
# the old task's folder lock has gone a minute without a refresh). More array tasks than points
# is fine: the spare tasks write empty shard folders, which merge accepts. The CPU count is
# given explicitly, since Node may see every core of the node rather than the task's.
cpus="${SLURM_CPUS_PER_TASK:-2}"
# exec node, not npx: verisim replaces this shell, so scancel's SIGTERM reaches it directly and
# it stops its chains, releases the shard's lock and exits 143.
exec node cli/bin.js sweep scenarios/library/overhead-vs-model-size.yaml \
  --shards "$shards" --out "results/shard-${SLURM_ARRAY_TASK_ID}" --parallel "$cpus" --workers "$cpus"
