import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..')

type LockEntry = { name?: string; version?: string; resolved?: string; dev?: boolean; [key: string]: unknown }

/**
 * The environment of every npm and node call below: nothing inherited from an `npm test` that
 * started vitest (its npm_config_* would steer the inner npm), every registry request sent to a
 * closed local port, cache only, and onnxruntime-node's install script told not to download.
 */
const env: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key))),
  npm_config_registry: 'http://127.0.0.1:9/',
  npm_config_offline: 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
  ONNXRUNTIME_NODE_INSTALL: 'skip',
  NO_COLOR: '1',
}

const run = (command: string, args: string[], cwd: string, timeout = 170_000) => {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout })
  const output = `${result.stdout}${result.stderr}`
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${output}`)
  return { stdout: result.stdout, stderr: result.stderr, output }
}

/**
 * A lock file for a project whose one dependency is the tarball: verisim's own lock file minus
 * its dev dependencies. With every package's tarball URL and integrity known, npm takes them all
 * from the cache that installing this repository filled, and never needs a registry.
 */
function consumerLock(tarball: string): object {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>
  }
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>
  const spec = `file:${tarball}`
  const packages: Record<string, unknown> = {
    '': { name: 'consumer', dependencies: { verisim: spec } },
    'node_modules/verisim': {
      version: pkg.version,
      resolved: spec,
      integrity: `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`,
      dependencies: pkg.dependencies,
      bin: pkg.bin,
      engines: pkg.engines,
    },
  }
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '' || entry.dev) continue
    // npm leaves `resolved` out of some entries; the registry's tarball URL is the cache's key.
    const name = entry.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length)
    const resolved =
      entry.resolved ?? `https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-${entry.version}.tgz`
    packages[path] = { ...entry, resolved }
  }
  return { name: 'consumer', lockfileVersion: 3, requires: true, packages }
}

describe('the packed tarball, installed into an empty folder with no network', () => {
  let dir = ''
  let app = ''
  let files: string[] = []
  let install = ''

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'verisim-packed-'))
    const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', dir], root).stdout) as {
      filename: string
      files: { path: string }[]
    }[]
    files = (packed[0]?.files ?? []).map((f) => f.path)
    const tarball = join(dir, packed[0]?.filename ?? '')
    app = join(dir, 'app')
    mkdirSync(app)
    writeFileSync(
      join(app, 'package.json'),
      `${JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies: { verisim: `file:${tarball}` } }, null, 2)}\n`,
    )
    writeFileSync(join(app, 'package-lock.json'), `${JSON.stringify(consumerLock(tarball), null, 2)}\n`)
    install = run('npm', ['ci', '--offline', '--loglevel', 'http', '--foreground-scripts'], app).output
  }, 180_000)

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('ships the code, the contract and the scenario files, and no tests, fixtures, results or docs', () => {
    for (const needed of [
      'package.json',
      'README.md',
      'index.ts',
      'cli/bin.js',
      'cli/main.ts',
      'engine/pool/worker.ts',
      'contracts/solidity/Protocol.sol',
      'scenarios/quickstart.yaml',
      'scenarios/library/safety/bisection-catches-fraud.yaml',
    ]) {
      expect(files).toContain(needed)
    }
    const unwanted = files.filter((f) =>
      /\.test\.ts$|^(contracts|sim|reports)\/fixtures\/|^contracts\/solidity\/\.cache\/|^(bench|docs|examples|runs|scratch|\.verisim|\.ci)\/|^node_modules\/|ensureChromium/.test(
        f,
      ),
    )
    expect(unwanted).toEqual([])
  })

  it('installs from the cache alone, with no download and onnxruntime-node fetching nothing', () => {
    // `--loglevel http` names every request: each one must have been answered by the cache.
    expect(install).toMatch(/npm http cache onnxruntime-node@/)
    expect(install.split('\n').filter((line) => /npm http fetch/.test(line))).toEqual([])
    // npm 11 here still runs dependencies' install scripts (it warns that they are not approved);
    // onnxruntime-node's ran and exited at once, told to skip, instead of fetching CUDA files
    // from a host this machine cannot reach (which fails the install).
    expect(install).toMatch(/> onnxruntime-node@[\d.]+ postinstall/)
  })

  it('`npx verisim run` runs a shipped scenario on the embedded anvil', () => {
    const out = join(app, 'quickstart')
    const { stderr } = run(
      'npx',
      ['--no', 'verisim', 'run', 'node_modules/verisim/scenarios/quickstart.yaml', '--out', out, '--quiet'],
      app,
    )
    expect(stderr).toBe('')
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
      metrics: Record<string, number | null>
    }
    expect(summary.metrics.undetected_fraud_rate).toBeGreaterThan(0)
    expect(summary.metrics.detection_rate).toBeGreaterThan(0)
  }, 180_000)

  it('a TypeScript file imports verisim, runs the quickstart and a sweep, and reads the metrics', () => {
    copyFileSync(join(root, 'examples', 'fromCode.ts'), join(app, 'fromCode.ts'))
    const { stdout } = run('node', ['--import', 'tsx', 'fromCode.ts'], app)
    const metric = (name: string) => {
      const match = new RegExp(`^ {2}${name} = (.+)$`, 'm').exec(stdout)
      return match ? (JSON.parse(match[1] as string) as number | null) : undefined
    }
    expect(stdout).toMatch(/^run quickstart: \d+ jobs$/m)
    // The same scenario and seed through the command gives the same answer, but for the gas
    // figures the memory ledger models (see the README's determinism note).
    const cli = JSON.parse(readFileSync(join(app, 'quickstart', 'summary.json'), 'utf8')) as {
      metrics: Record<string, number | null>
    }
    const modeledGas = ['gas_per_job', 'verification_overhead', 'cost_per_verified_inference']
    for (const [name, value] of Object.entries(cli.metrics)) {
      if (modeledGas.includes(name))
        expect(Math.abs((metric(name) as number) / (value as number) - 1)).toBeLessThan(0.01)
      else expect(metric(name)).toBe(value)
    }
    const points = stdout.split('\n').filter((line) => line.startsWith('sweep point '))
    expect(points).toHaveLength(2)
    expect(points[0]).toMatch(/\{"protocol\.p":0\.05\} \(2 replicates\): undetected_fraud_rate mean 0\.\d+/)
    expect(points[1]).toMatch(/\{"protocol\.p":0\.5\} \(2 replicates\): undetected_fraud_rate mean 0\.\d+/)
  }, 180_000)

  it('that file type-checks against the installed package with the settings the README gives', () => {
    copyFileSync(join(root, 'examples', 'fromCode.ts'), join(app, 'fromCode.ts'))
    const compilerOptions = {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      allowImportingTsExtensions: true,
      noEmit: true,
      skipLibCheck: true,
      types: ['node'],
    }
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['fromCode.ts'] }))
    // verisim ships TypeScript, so its own sources are checked too: a type package it needs
    // (such as @types/seedrandom) must be a dependency, not a devDependency.
    run(join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], app)
  }, 120_000)
})
