#!/usr/bin/env bash
# Run a verisim sweep as a Slurm job array: one array task per shard. verisim reads the shard
# from SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT. When every task has finished:
#   npx verisim merge results/shard-* --out results/merged
#
#SBATCH --job-name=verisim-sweep
#SBATCH --array=0-3
#SBATCH --cpus-per-task=2
#SBATCH --mem=4G
#SBATCH --time=01:00:00
#SBATCH --output=results/slurm-%A_%a.out
set -euo pipefail
cd "${SLURM_SUBMIT_DIR:-.}"
export CI=true
# A requeued task resumes its shard: finished runs are kept in its folder.
npx verisim sweep scenarios/library/overhead-vs-model-size.yaml \
  --out "results/shard-${SLURM_ARRAY_TASK_ID}" --parallel "${SLURM_CPUS_PER_TASK:-2}"
