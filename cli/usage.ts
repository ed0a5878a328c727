export const USAGE = `verisim: simulate decentralized verifiable inference with real ONNX models and a real EVM chain

Usage:
  verisim run FILE [--out DIR] [--seed N] [--workers N] [--set path=value]... [--ledger L] [--rpc-url URL] [--quiet]
      Run a scenario: real inference in worker threads, settlement on an embedded anvil chain.
      Writes manifest.json, summary.json, runs.csv, trace.ndjson and scenario.resolved.yaml.
  verisim sweep FILE [--out DIR] [--parallel N] [--workers N] [--shard i/N | --shards N] [--ledger L] [--rpc-url URL] [--quiet]
      Run every point of the scenario's sweep: block (grid, zip or random) with its replicates,
      several at once, each on its own chain. Finished runs are kept: run the same command again
      after an interruption and only the missing runs run. Default folder: runs/<scenario>-sweep.
  verisim merge DIR... [--out DIR]
      Join the shard folders of one sweep into the folder a single machine would have written.
  verisim report DIR
      Rebuild report.html (self-contained, works offline) from an output folder.
  verisim check FILE|DIR... [--junit FILE] [--out DIR] [--seed N] [--parallel N] [--workers N] [--ledger L] [--quiet]
      Run each scenario (each sweep point) and judge its invariants: block. Exit 0 when all
      hold, 1 when any is violated or undefined, 2 on bad input. A violation is shrunk to a
      minimal scenario written to --out (default runs/check) and saved in .verisim/failures,
      which the next check runs first. --junit writes JUnit XML (its folder is created).
  verisim tune FILE [--out DIR] [--parallel N] [--workers N] [--ledger L] [--quiet]
      Search the parameters in the scenario's tune: block for the cheapest setting (by its
      objective) whose invariants hold: bisection when safety is monotone in one parameter, a
      seeded search otherwise (fields that take whole numbers over whole numbers). Writes
      tune.json and report.html with the Pareto front of cost against safety margin as a plot
      and a table; exit 1 when no setting in the ranges is safe.
  verisim calibrate [--out FILE]
      Measure seconds per FLOP of real inference per model family on this machine (default
      calibration.json), for scenarios that set costPerFlop or speed to \`calibrated\`.
  verisim validate FILE
      Check a scenario file and print its resolved form; exit 2 with the file, line and field on error.
  verisim schema
      Print the scenario JSON Schema (for editor completion).
  verisim help
      Show this text.

Options:
  --out DIR      output folder (default: runs/<scenario>-<date>); must not exist or be empty
  --seed N       override the scenario's seed
  --set p=v      override a scenario field by its dotted path (run only), e.g. --set protocol.p=0.2
  --workers N    inference threads (default: the number of CPU cores)
  --parallel N   sweep runs at once (default: the number of CPU cores)
  --shard i/N    run shard i (0-based) of N; --shards N reads i from JOB_COMPLETION_INDEX or
                 SLURM_ARRAY_TASK_ID (SLURM_ARRAY_TASK_COUNT alone also selects a shard)
  --ledger L     where runs settle: anvil (default: a fresh embedded anvil per run) or memory
                 (the in-process model of the same contracts, for sweeps too big for a chain;
                 gas is modeled from anvil measurements and every output says so)
  --rpc-url URL  settle on the anvil node at URL instead of an embedded one (runs go one at a
                 time; the node's clock and block numbers are shifted, so outputs are the same)
  --quiet        print nothing but errors

Environment:
  VERISIM_ANVIL  path of an anvil executable to use instead of the one installed from npm
  VERISIM_DEBUG  set to 1 to print stack traces of errors
  VERISIM_CALIBRATE_MS  milliseconds of timed runs per model size for calibrate (default 500)

Exit codes: 0 success, 1 internal error, 2 bad input, 130, 143 or 129 interrupted (SIGINT, SIGTERM, SIGHUP).`
