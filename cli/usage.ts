/** The flags a command may take (besides --help); `refuseUnusedFlags` refuses every other. */
export type CommandFlag =
  | 'out'
  | 'seed'
  | 'set'
  | 'workers'
  | 'parallel'
  | 'shard'
  | 'shards'
  | 'ledger'
  | 'rpc-url'
  | 'junit'
  | 'quiet'

export type CommandHelp = { synopsis: string; about: string; flags: readonly CommandFlag[] }

/** One entry per command: its synopsis, what it does and the only flags it accepts. */
export const COMMANDS: Readonly<Record<string, CommandHelp>> = {
  run: {
    synopsis:
      'verisim run FILE [--out DIR] [--seed N] [--workers N] [--set path=value]... [--ledger L] [--rpc-url URL] [--quiet]',
    about: `Run a scenario: real inference in worker threads, settlement on an embedded anvil chain.
Writes manifest.json, summary.json, summary.csv, runs.csv, trace.ndjson, scenario.resolved.yaml,
report.html, timing.json, timing.js and runs/0-0.json into a folder that appears only once the
run completed; a scenario with a demand: market also writes periods.ndjson (one line per period).`,
    flags: ['out', 'seed', 'workers', 'set', 'ledger', 'rpc-url', 'quiet'],
  },
  sweep: {
    synopsis:
      'verisim sweep FILE [--out DIR] [--seed N] [--parallel N] [--workers N] [--set path=value]... [--shard i/N | --shards N] [--ledger L] [--rpc-url URL] [--quiet]',
    about: `Run every point of the scenario's sweep: block (grid, zip or random) with its replicates,
several at once, each on its own chain. Finished runs are kept: run the same command again
after an interruption and only the missing runs run. Default folder: runs/<scenario>-sweep.`,
    flags: ['out', 'seed', 'parallel', 'workers', 'set', 'shard', 'shards', 'ledger', 'rpc-url', 'quiet'],
  },
  merge: {
    synopsis: 'verisim merge DIR... [--out DIR] [--quiet]',
    about: `Join the shard folders of one sweep into the folder a single machine would have written.
Shards settled on different ledgers (memory and anvil) are refused.`,
    flags: ['out', 'quiet'],
  },
  report: {
    synopsis: 'verisim report DIR [--quiet]',
    about: 'Rebuild report.html (self-contained, works offline) from an output folder.',
    flags: ['quiet'],
  },
  check: {
    synopsis:
      'verisim check FILE|DIR... [--junit FILE] [--out DIR] [--seed N] [--set path=value]... [--parallel N] [--workers N] [--ledger L] [--rpc-url URL] [--quiet]',
    about: `Run each scenario (each sweep point) and judge its invariants: block. Exit 0 when all
hold, 1 when any is violated or undefined, 2 on bad input. A violation is shrunk to a
minimal scenario written to --out (default runs/check) and saved in .verisim/failures,
which the next check runs first. --junit writes JUnit XML (its folder is created).`,
    flags: ['junit', 'out', 'seed', 'set', 'parallel', 'workers', 'ledger', 'rpc-url', 'quiet'],
  },
  tune: {
    synopsis:
      'verisim tune FILE [--out DIR] [--set path=value]... [--parallel N] [--workers N] [--ledger L] [--rpc-url URL] [--quiet]',
    about: `Search the parameters in the scenario's tune: block for the cheapest setting (by its
objective) whose invariants hold: bisection when safety is monotone in one parameter, a
seeded search otherwise (fields that take whole numbers over whole numbers). Writes
tune.json and report.html with the Pareto front of cost against safety margin as a plot
and a table; exit 1 when no setting in the ranges is safe.`,
    flags: ['out', 'set', 'parallel', 'workers', 'ledger', 'rpc-url', 'quiet'],
  },
  calibrate: {
    synopsis: 'verisim calibrate [--out FILE] [--quiet]',
    about: `Measure this machine on one thread of real onnxruntime and write calibration.json (or
--out FILE). Prints four lines:
  calibration: seconds per FLOP as GFLOP/s per model family, for scenarios that set
    costPerFlop or speed to \`calibrated\`;
  generation: prefill GFLOP/s and decode GB/s (medians over three decoders), for
    economics.generationCost.hardware: this-machine, and the prefill tokens/s and ms per
    decoded token of the largest decoder;
  roofline check: the cost model's prefill and decode-step times for that decoder on the
    measured profile beside the measured ones, and their ratio (kept as generation.check);
  written to: the file.`,
    flags: ['out', 'quiet'],
  },
  validate: {
    synopsis: 'verisim validate FILE [--set path=value]... [--quiet]',
    about:
      'Check a scenario file and print its resolved form; exit 2 with the file, line and field on error.',
    flags: ['set', 'quiet'],
  },
  schema: {
    synopsis: 'verisim schema',
    about: 'Print the scenario JSON Schema (for editor completion).',
    flags: [],
  },
  help: {
    synopsis: 'verisim help [COMMAND]',
    about: 'Show this text, or one command’s usage.',
    flags: [],
  },
}

const FLAG_HELP: Readonly<Record<CommandFlag, string>> = {
  out: `--out DIR      output folder (default: runs/<scenario>-<date>); must not exist or be empty`,
  seed: '--seed N       override the scenario’s seed',
  set: `--set p=v      override a scenario field by its dotted path, e.g. --set protocol.p=0.2 (repeatable;
                 recorded in scenario.resolved.yaml and manifest.json)`,
  workers: '--workers N    inference threads (default: the number of CPU cores)',
  parallel: '--parallel N   runs at once (default: the number of CPU cores)',
  shard: `--shard i/N    run shard i of N, counted from 1 as in vitest and jest (--shard 1/2, --shard 2/2)`,
  shards: `--shards N     N shards, this one's number from JOB_COMPLETION_INDEX (0-based: index 0 is
                 shard 1) or SLURM_ARRAY_TASK_ID (the array's ids are the shard numbers: --array=1-N)`,
  ledger: `--ledger L     where runs settle: anvil (default: a fresh embedded anvil per run) or memory
                 (the in-process model of the same contracts, for sweeps too big for a chain;
                 gas is modeled from anvil measurements and every output says so)`,
  'rpc-url': `--rpc-url URL  settle on the anvil node at URL instead of an embedded one (runs go one at a
                 time; the node's clock and block numbers are shifted, so outputs are the same)`,
  junit: '--junit FILE   write the verdicts as JUnit XML',
  quiet: '--quiet        print nothing but errors',
}

const EXIT_CODES = `Exit codes:
  0    success
  1    internal error; for check, a violated or undefined invariant; for tune, no safe setting
  2    bad input: a malformed scenario or flag, a missing file, a chain that cannot start
  130  interrupted by SIGINT (Ctrl-C)
  129  stopped by SIGHUP
  143  stopped by SIGTERM
  Every interruption stops the chain and the workers, releases the lock and removes partial output.`

const ENVIRONMENT = `Environment:
  VERISIM_ANVIL  path of an anvil executable to use instead of the one installed from npm
  VERISIM_DEBUG  set to 1 to print stack traces of errors
  VERISIM_CALIBRATE_MS  milliseconds of timed runs per model size for calibrate (default 500)
  NO_COLOR       set to anything to draw no terminal control sequences (progress as plain lines)
  CI             set to true for plain progress lines`

const indent = (text: string, by: string) =>
  text
    .split('\n')
    .map((line) => `${by}${line}`)
    .join('\n')

const ALL_FLAGS = Object.keys(FLAG_HELP) as CommandFlag[]

export const USAGE = `verisim: simulate decentralized verifiable inference with real ONNX models and a real EVM chain

Usage:
${Object.values(COMMANDS)
  .map((c) => `  ${c.synopsis}\n${indent(c.about, '      ')}`)
  .join('\n')}
  verisim --version
      Print verisim's version.

Options:
${ALL_FLAGS.map((f) => `  ${FLAG_HELP[f]}`).join('\n')}
  --help, -h     show the usage of a command (verisim run --help)

${ENVIRONMENT}

${EXIT_CODES}`

/** `verisim COMMAND --help`: that command's synopsis, what it does, its flags and the exit codes. */
export function commandUsage(command: string): string | undefined {
  const help = COMMANDS[command]
  if (!help) return undefined
  const flags = help.flags.map((f) => `  ${FLAG_HELP[f]}`)
  return [
    `Usage: ${help.synopsis}`,
    '',
    help.about,
    ...(flags.length ? ['', 'Options:', ...flags] : []),
    '',
    EXIT_CODES,
  ].join('\n')
}
