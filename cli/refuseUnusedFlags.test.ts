import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseCliArgs } from './parseCliArgs.ts'
import { refuseUnusedFlags } from './refuseUnusedFlags.ts'

const refusal = (argv: string[]) => {
  try {
    refuseUnusedFlags(parseCliArgs(argv))
    return undefined
  } catch (error) {
    return (error as Error).message
  }
}

describe('refuseUnusedFlags', () => {
  // Each command with a flag it would otherwise have ignored.
  const unused: [string[], string][] = [
    [['run', 'a.yaml', '--shard', '1/2'], 'shard'],
    [['run', 'a.yaml', '--junit', 'j.xml'], 'junit'],
    [['sweep', 'a.yaml', '--junit', 'j.xml'], 'junit'],
    [['check', 'a.yaml', '--shard', '1/2'], 'shard'],
    [['check', 'a.yaml', '--shards', '2'], 'shards'],
    [['tune', 'a.yaml', '--seed', '3'], 'seed'],
    [['tune', 'a.yaml', '--shard', '1/2'], 'shard'],
    [['merge', 'a', 'b', '--set', 'protocol.p=0.2'], 'set'],
    [['merge', 'a', 'b', '--ledger', 'memory'], 'ledger'],
    [['report', 'a', '--out', 'b'], 'out'],
    [['calibrate', '--workers', '2'], 'workers'],
    [['validate', 'a.yaml', '--seed', '1'], 'seed'],
    [['validate', 'a.yaml', '--ledger', 'memory'], 'ledger'],
    [['schema', '--quiet'], 'quiet'],
  ]
  it.each(unused)('%j refuses --%s, naming the flag and the command', (argv, flag) => {
    const command = argv[0] as string
    expect(refusal(argv)).toMatch(new RegExp(`^--${flag} is not a flag of \`verisim ${command}\` \\(`))
  })

  it('accepts every flag a command uses', () => {
    expect(
      refusal(['run', 'a.yaml', '--out', 'o', '--seed', '1', '--workers', '1', '--set', 'seed=2', '--quiet']),
    ).toBeUndefined()
    expect(
      refusal(['sweep', 'a.yaml', '--shard', '1/2', '--parallel', '2', '--ledger', 'memory']),
    ).toBeUndefined()
    expect(
      refusal(['check', 'a.yaml', '--junit', 'j.xml', '--set', 'seed=2', '--rpc-url', 'http://x']),
    ).toBeUndefined()
    expect(refusal(['tune', 'a.yaml', '--set', 'seed=2', '--parallel', '2'])).toBeUndefined()
    expect(refusal(['merge', 'a', 'b', '--out', 'c', '--quiet'])).toBeUndefined()
  })

  it('exits 2 with one line before anything runs', () => {
    const run = spawnSync(
      process.execPath,
      [join(import.meta.dirname, 'bin.js'), 'check', 'nowhere.yaml', '--shard', '1/2'],
      {
        encoding: 'utf8',
        env: { ...process.env, CI: 'true' },
      },
    )
    expect(run.status).toBe(2)
    expect(run.stderr).toMatch(
      /^verisim: --shard is not a flag of `verisim check` \(it takes --junit, .*\)\n$/,
    )
  })
})
