export const USAGE = `verisim: simulate decentralized verifiable inference with real ONNX models and a real EVM chain

Usage:
  verisim run FILE [--out DIR] [--seed N] [--workers N] [--quiet]
      Run a scenario: real inference in worker threads, settlement on an embedded anvil chain.
      Writes manifest.json, summary.json, runs.csv, trace.ndjson and scenario.resolved.yaml.
  verisim validate FILE
      Check a scenario file and print its resolved form; exit 2 with the file, line and field on error.
  verisim schema
      Print the scenario JSON Schema (for editor completion).
  verisim help
      Show this text.

Options:
  --out DIR      output folder (default: runs/<scenario>-<date>); must not exist or be empty
  --seed N       override the scenario's seed
  --workers N    inference threads (default: the number of CPU cores)
  --quiet        print nothing but errors

Environment:
  VERISIM_ANVIL  path of an anvil executable to use instead of the one installed from npm
  VERISIM_DEBUG  set to 1 to print stack traces of errors

Exit codes: 0 success, 1 internal error, 2 bad input, 130 interrupted.`
